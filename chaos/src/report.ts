import type { DataSource } from 'typeorm';
import type { FakeTwilio, FakeTwilioMessage } from '@continuum/testing';

export const FINAL_STATUSES = ['sent', 'delivered', 'failed', 'cancelled'] as const;

export interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  resent: boolean;
  error_code: string | null;
  error_reason: string | null;
  phone: string;
  sent_to: string | null;
  provider_id: string | null;
  send_after: Date;
  submitted_at: Date | null;
  updated_at: Date;
}

export interface Tally {
  total: number;
  final: number;
  byStatus: Record<string, number>;
  /** `status error_code` → count, for failed and cancelled rows. */
  byError: Record<string, number>;
  /** Rows not in a final state at the end. */
  lost: DeliveryRow[];
  /** Recipients the fake received more than one message for. */
  duplicates: { phone: string; messages: FakeTwilioMessage[]; rows: DeliveryRow[] }[];
  /** Rows marked sent (or delivered) whose recipient the fake never received a message for. */
  missing: DeliveryRow[];
  /** Rows failed or cancelled although the fake did receive their message (reported, not fatal). */
  receivedButNotSent: DeliveryRow[];
  /** Messages to numbers that no delivery of the run has. */
  strays: FakeTwilioMessage[];
  resent: number;
  retried: number;
}

/** Counts how the run ended, from the rows and from what the fake provider actually received. */
export async function tally(dataSource: DataSource, organisationId: string, twilio: FakeTwilio): Promise<Tally> {
  const rows: DeliveryRow[] = await dataSource.query(
    `SELECT d.id, d.status, d.attempts, d.resent, d.error_code, d.error_reason, g.phone, d.sent_to, d.provider_id,
            d.send_after, d.submitted_at, d.updated_at
       FROM delivery d JOIN graduate g ON g.id = d.graduate_id
      WHERE d.organisation_id = $1`,
    [organisationId],
  );
  const received = new Map<string, FakeTwilioMessage[]>();
  for (const message of twilio.messages) {
    const list = received.get(message.to) ?? [];
    list.push(message);
    received.set(message.to, list);
  }
  const rowsByPhone = new Map<string, DeliveryRow[]>();
  for (const row of rows) rowsByPhone.set(row.phone, [...(rowsByPhone.get(row.phone) ?? []), row]);

  const byStatus: Record<string, number> = {};
  const byError: Record<string, number> = {};
  const final = new Set<string>(FINAL_STATUSES);
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    if (row.status === 'failed' || row.status === 'cancelled') {
      const key = `${row.status} ${row.error_code ?? '-'}`;
      byError[key] = (byError[key] ?? 0) + 1;
    }
  }
  const sentLike = (row: DeliveryRow) => row.status === 'sent' || row.status === 'delivered';
  return {
    total: rows.length,
    final: rows.filter((r) => final.has(r.status)).length,
    byStatus,
    byError,
    lost: rows.filter((r) => !final.has(r.status)),
    duplicates: [...received.entries()]
      .filter(([, messages]) => messages.length > 1)
      .map(([phone, messages]) => ({ phone, messages, rows: rowsByPhone.get(phone) ?? [] })),
    missing: rows.filter((r) => sentLike(r) && !received.has(r.phone)),
    receivedButNotSent: rows.filter((r) => (r.status === 'failed' || r.status === 'cancelled') && received.has(r.phone)),
    strays: twilio.messages.filter((m) => !rowsByPhone.has(m.to)),
    resent: rows.filter((r) => r.resent).length,
    retried: rows.filter((r) => r.attempts > 1).length,
  };
}

/** What the fake provider saw: message creations by outcome, and lookups. */
export function providerSummary(twilio: FakeTwilio): string {
  const creations = twilio.requests.filter((r) => r.method === 'POST');
  const outcome = (o: number | string) => creations.filter((r) => r.outcome === o).length;
  const lookups = twilio.requests.filter((r) => r.method === 'GET').length;
  return `${creations.length} send requests (${outcome(201)} accepted, ${outcome(500)} answered 500, ${outcome('hang')} accepted then left unanswered), ${twilio.messages.length} messages recorded, ${lookups} lookups`;
}

/** Up to `limit` examples of each problem, with the row and what the fake holds for the number. */
export function evidence(t: Tally, twilio: FakeTwilio, limit = 5): string[] {
  const out: string[] = [];
  const messagesFor = (phone: string) =>
    twilio.messages
      .filter((m) => m.to === phone)
      .map((m) => `${m.sid} created ${m.dateCreated.toISOString()} status ${m.status}`)
      .join('; ') || 'none';
  const requestsFor = (phone: string) =>
    twilio.requests
      .filter((r) => r.params.To === phone || r.query.To === phone)
      .map((r) => `${r.at.toISOString()} ${r.method} → ${r.outcome}`)
      .join('; ') || 'none';
  const describe = (row: DeliveryRow) =>
    `    delivery ${row.id}: ${JSON.stringify({ ...row, phone: undefined })}\n      fake messages: ${messagesFor(row.phone)}\n      fake requests: ${requestsFor(row.phone)}`;
  for (const row of t.lost.slice(0, limit)) out.push(`  lost (not final):\n${describe(row)}`);
  for (const dup of t.duplicates.slice(0, limit)) out.push(`  duplicate to ${dup.phone}:\n${dup.rows.map(describe).join('\n')}`);
  for (const row of t.missing.slice(0, limit)) out.push(`  missing (sent, never received):\n${describe(row)}`);
  for (const row of t.receivedButNotSent.slice(0, limit)) out.push(`  received although ${row.status}:\n${describe(row)}`);
  for (const m of t.strays.slice(0, limit)) out.push(`  stray message ${m.sid} to ${m.to}`);
  return out;
}
