import { Module } from '@nestjs/common';
import { DeliveryModule } from '@continuum/delivery';
import { IdentityModule } from '@continuum/identity';
import { PeopleModule } from '@continuum/people';
import { FamilySessionResponses } from './family-session-responses.service';
import { FamilySessionSweeper } from './family-session-sweeper';
import { FamilySessionsService } from './family-sessions.service';

/** Family sessions, in the API (scheduling, the contact's pages) and the worker (link hooks, follow-ups). */
@Module({
  imports: [PeopleModule, IdentityModule, DeliveryModule],
  providers: [FamilySessionsService, FamilySessionResponses, FamilySessionSweeper],
  exports: [FamilySessionsService, FamilySessionResponses, FamilySessionSweeper],
})
export class FamilySessionsModule {}
