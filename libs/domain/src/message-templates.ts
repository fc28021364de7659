import type { ErrorDetail } from './domain-error';
import { Channel } from './graduate-rules';
import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords } from './sensitive-words';
import { smsSegments, type SmsSegments } from './sms-text';

/** What a message is for; each kind has its own variables and default wording. */
export const MessageKind = {
  CheckInPrompt: 'check_in.prompt',
  CheckInNudge: 'check_in.nudge',
  CheckInCrisisResources: 'check_in.crisis_resources',
  /** To a coordinator: an urgent alert is waiting. Says nothing of whom or why. */
  AlertPage: 'alert.page',
  MeetingInvite: 'meeting.invite',
  MeetingReminder: 'meeting.reminder',
  /** The meeting the recipient was invited to has a new time or place (the variables hold the new ones). */
  MeetingMoved: 'meeting.moved',
  MeetingCancelled: 'meeting.cancelled',
  /** A place opened up for someone on the waitlist: they are now confirmed. */
  MeetingPlaceOpen: 'meeting.place_open',
  /** Thanks for coming, with a one-tap rating at the link. */
  MeetingFeedback: 'meeting.feedback',
  FamilySessionNotice: 'family_session.notice',
  FamilySessionReminder: 'family_session.reminder',
  FamilySessionMoved: 'family_session.moved',
  FamilySessionCancelled: 'family_session.cancelled',
  /** Thanks for taking part, a short feedback link, then `nextSession` (a whole sentence, or empty). */
  FamilySessionFollowUp: 'family_session.follow_up',
  /** To the graduate: who was sent a schedule, reschedule or cancel notice about their family appointment. */
  FamilySessionNotified: 'family_session.notified',
  DeliveryTest: 'delivery.test',
  /** To a coordinator, each morning: their open alerts, new at-risk flags, follow-ups due. Ids and first names only. */
  DigestDaily: 'digest.daily',
  /** A coordinator's own words to a graduate, in reply to their text. */
  ConversationReply: 'conversation.reply',
  /** A coordinator's message to a segment of alumni (a broadcast), in the recipient's language. */
  BroadcastMessage: 'broadcast.message',
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];
export const MESSAGE_KINDS = Object.values(MessageKind);

export const TEMPLATE_VARIABLES = [
  'firstName',
  'organisationName',
  'link',
  'meetingTitle',
  'startsAt',
  'location',
  'crisisLine',
  'contactNames',
  'nextSession',
  'digest',
  'message',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * `startsAt` arrives already formatted in the recipient's zone and language; templates never format dates.
 * `contactNames` is a ready-made list ("Maria and Jordan"); `nextSession` is a whole sentence made by
 * code, or an empty string when there is none, so templates put it last.
 */
export const VARIABLES_BY_KIND: Readonly<Record<MessageKind, readonly TemplateVariable[]>> = Object.freeze({
  'check_in.prompt': ['firstName', 'organisationName', 'link'],
  'check_in.nudge': ['firstName', 'organisationName', 'link'],
  'check_in.crisis_resources': ['firstName', 'organisationName', 'crisisLine'],
  'alert.page': ['firstName', 'organisationName'],
  'meeting.invite': ['firstName', 'organisationName', 'meetingTitle', 'startsAt', 'location', 'link'],
  'meeting.reminder': ['firstName', 'organisationName', 'meetingTitle', 'startsAt', 'location', 'link'],
  'family_session.notice': ['firstName', 'organisationName', 'startsAt', 'location', 'link'],
  'family_session.reminder': ['firstName', 'organisationName', 'startsAt', 'location', 'link'],
  'meeting.moved': ['firstName', 'organisationName', 'meetingTitle', 'startsAt', 'location', 'link'],
  'meeting.cancelled': ['firstName', 'organisationName', 'meetingTitle', 'startsAt'],
  'meeting.place_open': ['firstName', 'organisationName', 'meetingTitle', 'startsAt', 'location', 'link'],
  'meeting.feedback': ['firstName', 'organisationName', 'link'],
  'family_session.moved': ['firstName', 'organisationName', 'startsAt', 'location', 'link'],
  'family_session.cancelled': ['firstName', 'organisationName', 'startsAt'],
  'family_session.follow_up': ['firstName', 'organisationName', 'link', 'nextSession'],
  'family_session.notified': ['firstName', 'organisationName', 'startsAt', 'contactNames'],
  'delivery.test': ['firstName', 'organisationName'],
  'digest.daily': ['firstName', 'organisationName', 'digest'],
  'conversation.reply': ['firstName', 'organisationName', 'message'],
  'broadcast.message': ['firstName', 'organisationName', 'message'],
});

/** Long but plausible values, so a preview shows close to the worst case a recipient will see. */
export const SAMPLE_VARIABLES: Readonly<Record<TemplateVariable, string>> = Object.freeze({
  firstName: 'Alexandra',
  organisationName: 'Northside Community Health',
  link: 'https://example.org/l/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
  meetingTitle: 'Thursday evening alumni gathering',
  startsAt: 'Wednesday, September 30 at 6:30 PM',
  location: '1200 Riverside Avenue, Suite 300',
  crisisLine: '1-800-555-0100',
  contactNames: 'Maria and Jordan',
  nextSession: 'Next appointment: Wednesday, October 7 at 6:30 PM.',
  message: 'Thanks for writing back, it is good to hear from you. Could I call you tomorrow around 10 to talk it through?',
  digest: 'Open alerts (2):\n- Jordan (3f2a1b7c): escalation, open since Sep 30\n- Maya (9c81e0d2): missed twice, open since Sep 28',
});

/** A stored or default template: `subject` is null for SMS; `body` is plain text for both channels. */
export interface MessageTemplate {
  subject: string | null;
  body: string;
}

export interface RenderedMessage {
  subject: string | null;
  text: string;
  /** Derived from `text` for email, so the two never say different things; null for SMS. */
  html: string | null;
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/**
 * Fills `{{name}}` placeholders. Values are inserted as they are (SMS is plain text) and in one
 * pass, so a value that itself contains `{{…}}` is never expanded. Throws, naming every missing
 * variable, rather than send a message with a hole in it.
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    missing.add(name);
    return whole;
  });
  if (missing.size > 0) {
    const names = [...missing].map((n) => `{{${n}}}`).join(', ');
    throw new Error(`Template variable${missing.size > 1 ? 's' : ''} ${names} ${missing.size > 1 ? 'have' : 'has'} no value`);
  }
  return text;
}

/**
 * Renders a template for its channel: subject and text as written, plus HTML for email. Trailing
 * whitespace is dropped from the text, so a last variable that is empty (`{{nextSession}}`) leaves
 * no stray space or blank lines behind.
 */
export function renderMessage(channel: Channel, template: MessageTemplate, variables: Readonly<Record<string, string>>): RenderedMessage {
  const text = renderTemplate(template.body, variables).trimEnd();
  if (channel === Channel.Sms) return { subject: null, text, html: null };
  // A value with a line break must not turn into a second header line.
  const subject = renderTemplate(template.subject ?? '', variables).replace(/\s+/g, ' ').trim();
  return { subject, text, html: emailHtmlFromText(text) };
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Plain text to HTML: everything escaped, line breaks as `<br>`, and web addresses as links. */
export function emailHtmlFromText(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // A sentence's closing punctuation is not part of the address.
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index ?? 0;
    html += escapeHtml(text.slice(last, start)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  html += escapeHtml(text.slice(last));
  return html.replace(/\r?\n/g, '<br>\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export interface TemplateDraft {
  kind: MessageKind;
  channel: Channel;
  subject?: string | null;
  body: string;
  /** An organisation may choose to name things plainly (e.g. for staff-only test messages). */
  allowPlainWording?: boolean;
  /** Replaces the default list; pass `[...DEFAULT_SENSITIVE_WORDS, 'extra']` to add to it. */
  sensitiveWords?: readonly string[];
}

/**
 * What is wrong with a template a staff member is saving. Length is not a problem here (a long
 * SMS still arrives, it just costs more): `templatePreview` shows the segments instead.
 */
export function templateProblems(draft: TemplateDraft): ErrorDetail[] {
  if (!MESSAGE_KINDS.includes(draft.kind)) {
    return [{ field: 'kind', reason: `must be one of ${MESSAGE_KINDS.join(', ')}` }];
  }
  const problems: ErrorDetail[] = [];
  const subject = draft.subject ?? '';
  if (draft.channel === Channel.Email && !subject.trim()) problems.push({ field: 'subject', reason: 'is required for email' });
  if (draft.channel === Channel.Sms && subject.trim()) problems.push({ field: 'subject', reason: 'must be empty: an SMS has no subject' });
  if (/[\r\n]/.test(subject)) problems.push({ field: 'subject', reason: 'must be a single line' });
  if (!draft.body.trim()) problems.push({ field: 'body', reason: 'must not be empty' });
  const fields: [string, string][] = [
    ['subject', subject],
    ['body', draft.body],
  ];
  for (const [field, text] of fields) {
    problems.push(...textProblems(field, text, draft));
  }
  return problems;
}

function textProblems(field: string, text: string, draft: TemplateDraft): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const allowed = VARIABLES_BY_KIND[draft.kind];
  const unknown = new Set<string>();
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!(allowed as readonly string[]).includes(name)) unknown.add(name);
  }
  for (const name of unknown) {
    problems.push({ field, reason: `uses unknown variable {{${name}}}; allowed: ${allowed.map((v) => `{{${v}}}`).join(', ')}` });
  }
  const withoutPlaceholders = text.replace(PLACEHOLDER, ' ');
  const stray = withoutPlaceholders.search(/[{}]/);
  if (stray >= 0) {
    const near = withoutPlaceholders.slice(Math.max(0, stray - 12), stray + 12).trim();
    problems.push({ field, reason: `has a malformed placeholder near "${near}"; write {{name}}` });
  }
  if (!draft.allowPlainWording) {
    for (const word of findSensitiveWords(withoutPlaceholders, draft.sensitiveWords ?? DEFAULT_SENSITIVE_WORDS)) {
      problems.push({ field, reason: `uses the word "${word}", which could reveal treatment to anyone who sees the screen` });
    }
  }
  return problems;
}

export interface TemplatePreview {
  text: string;
  /** How the SMS would be billed; null for email. */
  segments: SmsSegments | null;
}

/**
 * The body as a recipient would see it with long sample values. Placeholders the kind does not
 * allow stay as written, so a preview works while the template still has problems.
 */
export function templatePreview(
  kind: MessageKind,
  channel: Channel,
  body: string,
  sampleVariables: Readonly<Partial<Record<TemplateVariable, string>>> = SAMPLE_VARIABLES,
): TemplatePreview {
  const allowed: readonly string[] = VARIABLES_BY_KIND[kind];
  const samples: Readonly<Record<string, string | undefined>> = { ...SAMPLE_VARIABLES, ...sampleVariables };
  const text = body.replace(PLACEHOLDER, (whole, name: string) => (allowed.includes(name) ? (samples[name] ?? whole) : whole));
  return { text, segments: channel === Channel.Sms ? smsSegments(text) : null };
}
