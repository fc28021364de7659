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
  RELATIONSHIPS,
  type Relationship,
} from './graduate-rules';
export {
  ConsentPurpose,
  CONSENT_PURPOSES,
  ConsentDecision,
  ConsentMethod,
  CONSENT_METHODS,
  STAFF_GRANT_METHODS,
  STAFF_REVOKE_METHODS,
  MAX_CONTACT_CONSENT_DAYS,
  consentProblems,
  isConsentActive,
  type ConsentRecipient,
  type ConsentGrantFacts,
  type ConsentRecordFacts,
} from './consent-rules';
