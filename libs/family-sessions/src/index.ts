export { FamilySessionsModule } from './family-sessions.module';
export { FamilySessionsService, type FamilySessionInput, type FamilySessionView, type ParticipantView } from './family-sessions.service';
export { FamilySessionResponses } from './family-session-responses.service';
export { FamilySessionSweeper } from './family-session-sweeper';
