import twilio from 'twilio';
import type { OutgoingSms, ProviderRecord, SendOutcome, SmsTransport } from './transport';
import { bodyDigest, scrubReason } from './transport';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  fromNumber?: string;
  /** Seconds Twilio may hold a message before dropping it, so it never arrives hours late. */
  validitySeconds: number;
  timeoutMs: number;
  /** Tests and proxies only: the REST API's base URL (default https://api.twilio.com). */
  apiBaseUrl?: string;
}

/** Twilio errors that will never succeed for this recipient and body. */
const PERMANENT_CODES = new Set([21211, 21214, 21217, 21408, 21610, 21612, 21614, 21617, 21635, 30003, 30004, 30005, 30006, 30007]);
/** Network failures that happen before the request reaches Twilio: certainly not sent. */
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface RestErrorLike {
  status?: number;
  code?: number | string;
  message?: string;
}

/** SMS through the official `twilio` client; no retries inside it, our queue owns those. */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    this.client = twilio(settings.accountSid, settings.authToken, { autoRetry: false, timeout: settings.timeoutMs, keepAlive: true });
    if (settings.apiBaseUrl) {
      // The client's Api domain holds the base URL of /2010-04-01 resources, Messages among them.
      this.client.api.baseUrl = settings.apiBaseUrl.replace(/\/+$/, '');
    }
  }

  async send(message: OutgoingSms): Promise<SendOutcome> {
    try {
      const created = await this.client.messages.create({
        to: message.to,
        body: message.body,
        ...(this.settings.messagingServiceSid ? { messagingServiceSid: this.settings.messagingServiceSid } : { from: this.settings.fromNumber }),
        statusCallback: message.statusCallbackUrl,
        validityPeriod: this.settings.validitySeconds,
      });
      return { kind: 'accepted', providerId: created.sid, providerStatus: created.status };
    } catch (error) {
      return classifyTwilioError(error);
    }
  }

  async find(query: { to: string; bodyDigest: string; since: Date }): Promise<ProviderRecord | null> {
    // Queued messages have no DateSent yet, so list the recipient's newest messages and match on
    // creation time and body.
    const recent = await this.client.messages.list({ to: query.to, limit: 50 });
    const match = recent.find(
      (m) => bodyDigest(m.body) === query.bodyDigest && m.dateCreated && m.dateCreated.getTime() >= query.since.getTime() - 60_000,
    );
    return match ? { providerId: match.sid, providerStatus: match.status } : null;
  }
}

export function classifyTwilioError(error: unknown): SendOutcome {
  const e = error as RestErrorLike;
  const code = typeof e.code === 'number' ? e.code : Number.NaN;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) {
    const label = String(Number.isNaN(code) ? status : code);
    const reason = scrubReason(e.message ?? `HTTP ${status}`);
    if (status === 429 || code === 20429) return { kind: 'retry', code: label, reason };
    if (status >= 500) return { kind: 'unknown', code: label, reason };
    if (PERMANENT_CODES.has(code) || status === 400 || status === 404) return { kind: 'rejected', code: label, reason };
    // 401/403: credentials or account trouble; it may be fixed, so retry until attempts run out.
    return { kind: 'retry', code: label, reason };
  }
  const errno = typeof e.code === 'string' ? e.code : 'ERROR';
  if (NOT_SENT_ERRORS.has(errno)) return { kind: 'retry', code: errno, reason: 'could not reach Twilio' };
  return { kind: 'unknown', code: errno, reason: scrubReason(e.message ?? 'no answer from Twilio') };
}
