import type { EntityManager } from 'typeorm';
import type { Channel, ConsentPurpose } from '@continuum/domain';

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
