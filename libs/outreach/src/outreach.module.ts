import { Module } from '@nestjs/common';
import { DeliveryModule } from '@continuum/delivery';
import { PeopleModule } from '@continuum/people';
import { BroadcastsService } from './broadcasts.service';
import { CaseloadService } from './caseload.service';
import { ContactLogService } from './contact-log.service';
import { ConversationService } from './conversation.service';
import { WorklistService } from './worklist.service';

/** A coordinator's day: their caseload, their worklist, the log of the contacts they make, conversations by text, and broadcasts. */
@Module({
  imports: [PeopleModule, DeliveryModule],
  providers: [CaseloadService, ContactLogService, WorklistService, ConversationService, BroadcastsService],
  exports: [CaseloadService, ContactLogService, WorklistService, ConversationService, BroadcastsService],
})
export class OutreachModule {}
