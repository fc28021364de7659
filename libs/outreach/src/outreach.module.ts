import { Module } from '@nestjs/common';
import { PeopleModule } from '@continuum/people';
import { CaseloadService } from './caseload.service';
import { ContactLogService } from './contact-log.service';
import { WorklistService } from './worklist.service';

/** A coordinator's day: their caseload, their worklist, and the log of the contacts they make. */
@Module({
  imports: [PeopleModule],
  providers: [CaseloadService, ContactLogService, WorklistService],
  exports: [CaseloadService, ContactLogService, WorklistService],
})
export class OutreachModule {}
