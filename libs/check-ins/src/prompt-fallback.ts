import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChannelFallback, type ScheduledDelivery } from '@continuum/delivery';
import { AlertKind, type DeliveryEntity } from '@continuum/persistence';
import { AlertsService } from './alerts.service';

/**
 * When a text fails because of the number: a check-in whose prompt (or nudge) went by email
 * instead follows its new message (so it is not closed as undeliverable), and the coordinator is
 * asked, once per number, to check the graduate's contact details.
 */
@Injectable()
export class PromptFallback implements OnModuleInit {
  constructor(
    private readonly fallback: ChannelFallback,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    this.fallback.register('check-ins', (manager, failed, replacement) => this.after(manager, failed, replacement));
  }

  private async after(manager: EntityManager, failed: DeliveryEntity, replacement: ScheduledDelivery | null): Promise<void> {
    if (replacement) {
      await manager.query(`UPDATE check_in SET delivery_id = $2, channel = 'email', updated_at = now() WHERE delivery_id = $1`, [failed.id, replacement.id]);
      await manager.query(`UPDATE check_in SET nudge_delivery_id = $2, updated_at = now() WHERE nudge_delivery_id = $1`, [failed.id, replacement.id]);
    }
    if (!failed.graduateId) return;
    // Keyed by the number (hashed: no phone number in a key), so each bad number is one alert.
    const number = createHash('sha256').update(failed.sentTo ?? '').digest('hex').slice(0, 16);
    await this.alerts.raise(manager, {
      organisationId: failed.organisationId,
      graduateId: failed.graduateId,
      checkInId: null,
      kind: AlertKind.ContactDetails,
      urgency: 'routine',
      reasons: [replacement ? `texts fail (${failed.errorCode}); messages go by email for now` : `texts fail (${failed.errorCode}) and there is no email to fall back on`],
      dedupeKey: `contact-details:${failed.graduateId}:${number}`,
    });
  }
}
