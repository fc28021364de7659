import { Module } from '@nestjs/common';
import { DeliveryModule } from '@continuum/delivery';
import { IdentityModule } from '@continuum/identity';
import { PeopleModule } from '@continuum/people';
import { MeetingInvitations } from './meeting-invitations.service';
import { MeetingOccurrencesService } from './meeting-occurrences.service';
import { MeetingResponses } from './meeting-responses.service';
import { MeetingSeriesService } from './meeting-series.service';
import { MeetingSweeper } from './meeting-sweeper';
import { OccurrenceChanges } from './occurrence-changes';

/**
 * Alumni meetings, in the API (series, occurrences, roster, the invitation and rating pages) and
 * in the worker (the sweep, and the link, calendar and reply hooks the delivery engine calls).
 */
@Module({
  imports: [PeopleModule, IdentityModule, DeliveryModule],
  providers: [MeetingSeriesService, MeetingOccurrencesService, MeetingInvitations, MeetingResponses, MeetingSweeper, OccurrenceChanges],
  exports: [MeetingSeriesService, MeetingOccurrencesService, MeetingInvitations, MeetingResponses, MeetingSweeper],
})
export class MeetingsModule {}
