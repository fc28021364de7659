export {
  DomainError,
  DomainErrorCode,
  ForbiddenError,
  LockedError,
  LinkGoneError,
  NotFoundError,
  UnauthenticatedError,
  type ErrorDetail,
} from './domain-error';
export { withTimeout } from './with-timeout';
export { afterFailedLogin, isLocked, MAX_FAILED_LOGINS, LOCKOUT_MINUTES, type LoginAttemptState } from './login-lockout';
export { normalisePhone, isIanaTimezone, isClockTime, isCalendarDate, type Normalised } from './contact-rules';
export {
  GRADUATE_FIELDS,
  REQUIRED_GRADUATE_FIELDS,
  graduateFieldProblem,
  graduateFieldProblems,
  isEmailAddress,
  isGraduateField,
  type GraduateField,
  type RawGraduate,
} from './graduate-fields';
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
export { DEFAULT_QUIET_HOURS, isQuiet, nextAllowedInstant, type ClockWindow } from './quiet-hours';
export {
  DEFAULT_RECIPIENT_CAPS,
  DEFAULT_EMAIL_CAPS,
  DEFAULT_CAPS_BY_CHANNEL,
  MessagePriority,
  capDecision,
  type RecipientCaps,
  type CapFacts,
  type CapDecision,
} from './send-caps';
export { smsSegments, isGsm7, type SmsSegments } from './sms-text';
export { classifyInbound, STOP_KEYWORDS, START_KEYWORDS, HELP_KEYWORDS, type InboundClassification } from './inbound-keywords';
export { DEFAULT_SENSITIVE_WORDS, findSensitiveWords } from './sensitive-words';
export {
  MessageKind,
  MESSAGE_KINDS,
  TEMPLATE_VARIABLES,
  VARIABLES_BY_KIND,
  SAMPLE_VARIABLES,
  renderTemplate,
  renderMessage,
  emailHtmlFromText,
  templateProblems,
  templatePreview,
  type TemplateVariable,
  type MessageTemplate,
  type RenderedMessage,
  type TemplateDraft,
  type TemplatePreview,
} from './message-templates';
export { DEFAULT_TEMPLATES, defaultTemplate } from './message-template-defaults';
