import { hash } from 'node:crypto';

/** One message on its way to a provider. Built by the dispatcher, never put in Redis or logs. */
export interface OutgoingSms {
  deliveryId: string;
  to: string;
  body: string;
  /** Where the provider reports status; carries the delivery id so an `unknown` send can still be matched. */
  statusCallbackUrl?: string;
}

export interface OutgoingEmail {
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed per delivery, so a resend after an unknown outcome is the same message to the receiving side. */
  messageId: string;
  headers: Record<string, string>;
  /** A calendar invitation or cancellation for the message's one recipient (iCalendar text). */
  calendar?: CalendarPart | null;
}

export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  content: string;
}

/**
 * What became of a send. `retry`: the provider certainly did not take it (429, refused
 * connection, SMTP 4xx), try again later. `rejected`: it never will (invalid or unsubscribed
 * number, SMTP 5xx). `unknown`: it may have been taken (timeout, 5xx, connection lost after the
 * request went out), so it must be looked up before it is ever sent again.
 */
export type SendOutcome =
  | { kind: 'accepted'; providerId: string; providerStatus: string }
  | { kind: 'retry'; code: string; reason: string }
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'unknown'; code: string; reason: string };

/** A message the provider has on record. */
export interface ProviderRecord {
  providerId: string;
  providerStatus: string;
}

export interface SmsTransport {
  readonly name: string;
  send(message: OutgoingSms): Promise<SendOutcome>;
  /**
   * Asks the provider whether it holds this message (sent to `to`, created at or after `since`,
   * whose body hashes to `bodyDigest`); null when it certainly does not.
   */
  find(query: { deliveryId: string; to: string; bodyDigest: string; since: Date }): Promise<ProviderRecord | null>;
  close?(): Promise<void>;
}

export interface EmailTransport {
  readonly name: string;
  send(message: OutgoingEmail): Promise<SendOutcome>;
  /** SMTP keeps no queryable record; transports that can answer do. */
  find?(query: { deliveryId: string; messageId: string }): Promise<ProviderRecord | null>;
  close?(): Promise<void>;
}

/** Error text from a provider can quote the address; keep only a short, address-free reason. */
export function scrubReason(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '<number>')
    .slice(0, 200);
}

/** SHA-256 (hex) of a message body: how an unknown send is recognised in the provider's records. */
export function bodyDigest(body: string): string {
  return hash('sha256', body, 'hex');
}
