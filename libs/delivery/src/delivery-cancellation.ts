import type { EntityManager } from 'typeorm';
import { type Channel, type ConsentMethod, type ConsentPurpose, recipientOf } from '@continuum/domain';
import { appendEngagementEvents } from '@continuum/persistence';
import type { ConsentService } from '@continuum/people';

export interface OptOutRequest {
  organisationId: string;
  graduateId: string;
  contactId: string | null;
  channel: Channel;
  /** Only this purpose (an email footer link); all purposes when absent (STOP). */
  purpose?: ConsentPurpose;
  method: ConsentMethod;
  /** Recorded on each cancelled delivery. */
  reason: string;
}

/**
 * The recipient's own "stop": revokes their consent on the channel, cancels what was waiting to
 * go, and records the opt-out as an engagement event, all in the caller's transaction. Saying it
 * again changes nothing and records nothing more.
 */
export async function optOut(manager: EntityManager, consent: ConsentService, request: OptOutRequest): Promise<number> {
  const { organisationId, graduateId, contactId, channel, purpose } = request;
  const revoked = await consent.revokeAllFor(
    { organisationId, graduateId, recipient: recipientOf(contactId) },
    { method: request.method, channel, ...(purpose ? { purpose } : {}) },
    manager,
  );
  await cancelPendingDeliveries(manager, { organisationId, graduateId, contactId, channel, purpose }, request.reason);
  if (revoked > 0) {
    await appendEngagementEvents(manager, [
      {
        organisationId,
        graduateId,
        kind: 'message.opted_out',
        payload: { channel, purpose: purpose ?? null, method: request.method, recipient: contactId ? 'contact' : 'graduate' },
      },
    ]);
  }
  return revoked;
}

/**
 * Marks a recipient's pending deliveries cancelled, with the reason, in the caller's transaction
 * (the one that revoked the consent). Deliveries already handed to a provider are left alone.
 */
export async function cancelPendingDeliveries(
  manager: EntityManager,
  target: { organisationId: string; graduateId: string; contactId: string | null; channel: Channel; purpose?: ConsentPurpose },
  reason: string,
): Promise<number> {
  const params: unknown[] = [target.organisationId, target.graduateId, target.channel, reason];
  let sql = `UPDATE delivery SET status = 'cancelled', error_code = $4, finished_at = now(), updated_at = now()
              WHERE organisation_id = $1 AND graduate_id = $2 AND channel = $3 AND status = 'pending'`;
  if (target.contactId) {
    params.push(target.contactId);
    sql += ` AND contact_id = $${params.length}`;
  } else {
    sql += ' AND contact_id IS NULL';
  }
  if (target.purpose) {
    params.push(target.purpose);
    sql += ` AND purpose = $${params.length}`;
  }
  const result: [unknown[], number] = await manager.query(`${sql} RETURNING id`, params);
  return result[0].length;
}

/**
 * Cancels what is still waiting to go about some feature records (their `subject_id`), optionally
 * only of some kinds, in the caller's transaction: a cancelled meeting's reminders, a moved family
 * session's old notices. Returns what was cancelled: each delivery's subject and kind.
 */
export async function cancelDeliveriesAbout(
  manager: EntityManager,
  target: { organisationId: string; subjectIds: string[]; kinds?: readonly string[] },
  reason: string,
): Promise<{ subjectId: string; kind: string }[]> {
  if (target.subjectIds.length === 0) return [];
  const result: [{ subject_id: string; kind: string }[], number] = await manager.query(
    `UPDATE delivery SET status = 'cancelled', error_code = $3, finished_at = now(), updated_at = now()
      WHERE subject_id = ANY($2::uuid[]) AND organisation_id = $1 AND status = 'pending'
        AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
      RETURNING subject_id, kind`,
    [target.organisationId, target.subjectIds, reason, target.kinds ?? null],
  );
  return result[0].map((r) => ({ subjectId: r.subject_id, kind: r.kind }));
}

/**
 * Of these feature records, the ones a message of one of `kinds` has been handed to a provider
 * about (or may have been: `submitting`, `unknown`): the people who already know, and so are told
 * when it changes or is called off.
 */
export async function subjectsReached(manager: EntityManager, subjectIds: string[], kinds: readonly string[]): Promise<Set<string>> {
  if (subjectIds.length === 0) return new Set();
  const rows: { subject_id: string }[] = await manager.query(
    `SELECT DISTINCT subject_id FROM delivery
      WHERE subject_id = ANY($1::uuid[]) AND kind = ANY($2::text[]) AND status IN ('submitting', 'unknown', 'sent', 'delivered')`,
    [subjectIds, kinds],
  );
  return new Set(rows.map((r) => r.subject_id));
}
