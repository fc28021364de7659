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
