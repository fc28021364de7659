import { randomBytes } from 'node:crypto';

/**
 * The wire shapes of the Twilio REST API (2010-04-01) and its status callbacks, for FakeTwilio.
 * Kept apart from the server so the format can be read (and checked against Twilio's docs) in one place.
 */

export const TWILIO_API_VERSION = '2010-04-01';

export type TwilioMessageStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'read'
  | 'canceled';

/** One message FakeTwilio accepted, with every form parameter the client sent. */
export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  validityPeriod: number | null;
  status: TwilioMessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  /** Null until a status callback moves the message to sent (or later); list filters fall back to dateCreated. */
  dateSent: Date | null;
  /** The raw form parameters (first value of each); repeated MediaUrl values are in `mediaUrls`. */
  params: Record<string, string>;
}

/** Twilio's error body: `{ code, message, more_info, status }`, which the client turns into a RestException. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function newSid(prefix: 'SM' | 'AC'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's date format: RFC 2822 with a numeric zone, e.g. `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function isE164(phone: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(phone);
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** Segments as Twilio counts them: GSM-7 (160, or 153 per part) unless any character needs UCS-2 (70, or 67). */
export function countSegments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

export function messageUri(accountSid: string, sid?: string): string {
  const base = `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages`;
  return sid ? `${base}/${sid}.json` : `${base}.json`;
}

/** The message resource as Twilio serialises it (counts as strings, dates in RFC 2822). */
export function messageJson(message: FakeTwilioMessage): Record<string, unknown> {
  const uri = messageUri(message.accountSid, message.sid);
  return {
    account_sid: message.accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json'), feedback: uri.replace(/\.json$/, '/Feedback.json') },
    to: message.to,
    uri,
  };
}

const SECOND = 1000;
const DAY_SECONDS = 86_400;

/** Seconds since the epoch for a DateSent filter value: `YYYY-MM-DD` (whole UTC day) or an ISO date-time. */
function bound(value: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`) / SECOND;
    return end ? start + DAY_SECONDS - 1 : start;
  }
  return Math.floor(Date.parse(value) / SECOND);
}

/**
 * The list filters of `GET .../Messages.json`: To, From, and Twilio's odd `DateSent`, `DateSent<`
 * (on or before) and `DateSent>` (on or after) — the `=` of `DateSent>=` is the query separator.
 */
export function matchesListQuery(message: FakeTwilioMessage, query: URLSearchParams): boolean {
  const to = query.get('To');
  const from = query.get('From');
  if (to !== null && message.to !== to) return false;
  if (from !== null && message.from !== from) return false;
  const sent = Math.floor((message.dateSent ?? message.dateCreated).getTime() / SECOND);
  const exact = query.get('DateSent');
  const after = query.get('DateSent>');
  const before = query.get('DateSent<');
  if (exact !== null && !(sent >= bound(exact, false) && sent <= bound(exact, true))) return false;
  if (after !== null && !(sent >= bound(after, false))) return false;
  if (before !== null && !(sent <= bound(before, true))) return false;
  return true;
}

/** One page of a list, in Twilio's paging shape, newest first. */
export function messagePage(accountSid: string, all: FakeTwilioMessage[], query: URLSearchParams): Record<string, unknown> {
  const pageSize = Math.min(Math.max(Number(query.get('PageSize') ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
  const matching = all.filter((message) => matchesListQuery(message, query)).reverse();
  const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
  const path = messageUri(accountSid);
  const pageUri = (n: number): string => {
    const params = new URLSearchParams(query);
    params.delete('PageToken');
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    if (n > 0) params.set('PageToken', `PA${n}`);
    return `${path}?${params.toString()}`;
  };
  return {
    end: page * pageSize + Math.max(slice.length - 1, 0),
    first_page_uri: pageUri(0),
    messages: slice.map(messageJson),
    next_page_uri: matching.length > (page + 1) * pageSize ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start: page * pageSize,
    uri: pageUri(page),
  };
}

/**
 * The form Twilio POSTs to a message's StatusCallback. ErrorCode only when given (Twilio sends it
 * for failed and undelivered messages).
 */
export function statusCallbackParams(message: FakeTwilioMessage, errorCode?: number): Record<string, string> {
  return {
    SmsSid: message.sid,
    SmsStatus: message.status,
    MessageStatus: message.status,
    To: message.to,
    MessageSid: message.sid,
    AccountSid: message.accountSid,
    ApiVersion: TWILIO_API_VERSION,
    ...(message.from ? { From: message.from } : {}),
    ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
    ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
  };
}

/** Small seeded PRNG (mulberry32): the same seed gives the same fault sequence on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
