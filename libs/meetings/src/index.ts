export { MeetingsModule } from './meetings.module';
export { MeetingSeriesService, HORIZON_DAYS, materialiseOccurrences, seedDemoMeetings, type SeriesView } from './meeting-series.service';
export { type SeriesInput, MAX_AUDIENCE_LIST } from './meeting-series-rules';
export {
  MeetingOccurrencesService,
  type AttendanceRecord,
  type OccurrenceChange,
  type OccurrenceView,
  type RosterEntry,
} from './meeting-occurrences.service';
export { MeetingInvitations, type RsvpResult, type RsvpSource } from './meeting-invitations.service';
export { MeetingResponses, type PageResult } from './meeting-responses.service';
export { MeetingSweeper, type MeetingSweepResult } from './meeting-sweeper';
export { invitationPage, linkProblemPage, linkProblemStatus, ratingPage, type LinkProblem } from './meeting-pages';
