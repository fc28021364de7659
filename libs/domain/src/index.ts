export {
  DomainError,
  DomainErrorCode,
  ForbiddenError,
  LockedError,
  NotFoundError,
  UnauthenticatedError,
  type ErrorDetail,
} from './domain-error';
export { withTimeout } from './with-timeout';
export { afterFailedLogin, isLocked, MAX_FAILED_LOGINS, LOCKOUT_MINUTES, type LoginAttemptState } from './login-lockout';
export { normalisePhone, isIanaTimezone, isClockTime, isCalendarDate, type Normalised } from './contact-rules';
export {
  graduateProblems,
  cohortOf,
  GraduateStatus,
  Channel,
  SUPPORTED_LANGUAGES,
  type Language,
  type GraduateFacts,
} from './graduate-rules';
