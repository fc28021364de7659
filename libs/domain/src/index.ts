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
  CONTACT_FIELDS,
  contactFieldProblems,
  type ContactField,
  type RawContact,
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
  recipientOf,
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
export {
  MAX_PLAN_OFFSETS,
  planProblems,
  nextAdaptiveInterval,
  type AdaptiveRule,
  type CheckInPlanDefinition,
} from './check-in-plans';
export {
  materialiseCheckIns,
  checkInDueAt,
  type CheckInScheduleInput,
  type CheckInDueInput,
  type MaterialisedCheckIn,
} from './check-in-schedule';
export { PROTOCOLS, ProtocolKey, protocolRef, findProtocol, type ProtocolTemplate } from './check-in-protocols';
export {
  parseSmsAnswer,
  escalationReasons,
  isCrisis,
  showsNeed,
  EscalationReason,
  ESCALATION_REASONS,
  HIGH_CRAVING,
  type Mood,
  type SmsAnswer,
  type CheckInAnswerFacts,
} from './check-in-answers';
export { DEFAULT_CRISIS_WORDS, findCrisisWords } from './crisis-words';
export {
  PHQ9,
  GAD7,
  FREQUENCY_OPTIONS,
  type InstrumentDefinition,
  type InstrumentItem,
  type InstrumentOption,
  type Localised,
} from './instrument-items';
export { BAM, BAM_SUBSCALES, BAM_DAYS_OPTIONS, BAM_EXTENT_OPTIONS, bamDaysCode } from './bam-items';
export {
  INSTRUMENTS,
  InstrumentKey,
  InstrumentFlag,
  PHQ9_BANDS,
  GAD7_BANDS,
  BAM_CUTOFFS,
  instrumentProblems,
  scoreInstrument,
  type InstrumentScore,
  type InstrumentResponses,
  type Phq9Band,
  type Gad7Band,
} from './instruments';
export { ENGAGEMENT_KINDS, type EngagementKind } from './engagement-events';
export { MAX_ANSWER_TEXT, parseInstrumentForm, parseQuickAnswerForm, type QuickAnswer } from './check-in-form';
export { parseIsoDuration, type IsoDuration, type ParsedDuration } from './iso-duration';
export {
  MIN_MEETING_MINUTES,
  MAX_MEETING_MINUTES,
  recurrenceProblems,
  meetingOccurrences,
  type MeetingRecurrence,
  type MeetingOccurrence,
} from './meeting-schedule';
export { calendarInvite, type CalendarInvite } from './meeting-calendar';
export {
  CHECK_IN_CODE_ALPHABET,
  CHECK_IN_CODE_LENGTH,
  parseRsvpReply,
  rsvpReplyText,
  newCheckInCode,
  normaliseCheckInCode,
  formatMeetingTime,
  type RsvpAnswer,
  type RsvpOutcome,
} from './meeting-replies';
export { escapeHtml, privatePage } from './private-page';
export {
  ACTIVE_KINDS,
  ENGAGEMENT_WEIGHTS,
  engagementScore,
  FULL_SCORE_RAW,
  HALF_LIFE_DAYS,
  roundScore,
  SCORE_WINDOW_DAYS,
  type ScoredEvent,
} from './engagement-score';
export {
  AT_RISK_RULES,
  atRiskFlags,
  type AtRiskFacts,
  type AtRiskFlag,
  type AtRiskRule,
  ESCALATION_DAYS,
  NO_TOUCH_DAYS,
  SCORE_DROP_MIN_PEAK,
  SCORE_DROP_SHARE,
} from './engagement-flags';
export {
  FOLLOW_UP_CLOSES_MONTHS,
  FOLLOW_UP_OPENS_MONTHS,
  FOLLOW_UP_TARGET,
  followUpRate,
  followUpStatus,
  followUpWindow,
  type FollowUpStatus,
  type FollowUpWindow,
} from './follow-up';
export {
  CONVERSATION_OPEN_HOURS,
  MAX_REPLY_LENGTH,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  type ContactMethod,
  type ContactOutcome,
  WORKLIST_MISSED_DAYS,
  WORKLIST_NO_TOUCH_DAYS,
  WORKLIST_REASONS,
  type WorklistReason,
} from './outreach';
export { isNumberFailure, NUMBER_FAILURE_CODES } from './number-failures';
