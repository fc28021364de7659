import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isNumberFailure } from '@continuum/domain';
import { DeliveryEntity } from '@continuum/persistence';
import { DeliveryScheduler, type ScheduledDelivery } from './delivery-scheduler';
import { reachableSql } from '@continuum/people';

/** What a feature hears when a text failed because of the number: the failed delivery, and its email copy if one was made. */
export type FallbackHook = (manager: EntityManager, failed: DeliveryEntity, replacement: ScheduledDelivery | null) => Promise<void>;

/**
 * Channel fallback. When a text to a graduate fails for good because of the number (a landline,
 * an invalid or unreachable number) and they consented to email for the same purpose, the same
 * message goes by email instead, in the same transaction as the failure. Features hear of it
 * (hooks registered at boot): check-ins point the check-in at its new prompt and flag the number
 * for the coordinator.
 */
@Injectable()
export class ChannelFallback {
  private readonly hooks: { name: string; hook: FallbackHook }[] = [];

  constructor(private readonly deliveries: DeliveryScheduler) {}

  register(name: string, hook: FallbackHook): void {
    if (this.hooks.some((h) => h.name === name)) throw new Error(`fallback hook "${name}" registered twice`);
    this.hooks.push({ name, hook });
  }

  /** Call in the transaction that marked the delivery failed; returns the email copy to enqueue after commit, if any. */
  async afterFailure(manager: EntityManager, deliveryId: string): Promise<ScheduledDelivery[]> {
    const failed = await manager.findOneBy(DeliveryEntity, { id: deliveryId });
    if (!failed || failed.channel !== 'sms' || failed.contactId || failed.staffUserId || !failed.graduateId || !isNumberFailure(failed.errorCode)) return [];
    // The one rule for "reachable for this purpose": an address and an active consent.
    const reach = reachableSql(failed.purpose);
    const rows: { email_ok: boolean }[] = await manager.query(`SELECT ${reach.columns} FROM graduate g ${reach.joins} WHERE g.id = $1`, [failed.graduateId]);
    const notExpired = failed.notAfter === null || failed.notAfter.getTime() > Date.now();
    const [replacement] =
      rows[0]?.email_ok && notExpired
        ? await this.deliveries.add(manager, [
            {
              organisationId: failed.organisationId,
              graduateId: failed.graduateId,
              channel: 'email',
              purpose: failed.purpose,
              kind: failed.kind,
              priority: failed.priority,
              idempotencyKey: `${failed.idempotencyKey}:email-fallback`,
              subjectId: failed.subjectId,
              variables: failed.variables,
              dueAt: new Date(),
              notAfter: failed.notAfter,
            },
          ])
        : [];
    for (const { hook } of this.hooks) await hook(manager, failed, replacement ?? null);
    return replacement ? [replacement] : [];
  }
}
