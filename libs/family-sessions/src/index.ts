export { FamilySessionsModule } from './family-sessions.module';
export {
  FamilySessionsService,
  type FamilySessionInput,
  type FamilySessionListItem,
  type FamilySessionView,
  type ParticipantView,
  SESSION_LIST_LIMIT,
  SESSION_WINDOW_DAYS,
} from './family-sessions.service';
export { FamilySessionResponses } from './family-session-responses.service';
export { FamilySessionSweeper } from './family-session-sweeper';
