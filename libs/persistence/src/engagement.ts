import type { EntityManager } from 'typeorm';
import type { EngagementKind } from '@continuum/domain';
import { EngagementEventEntity, type EngagementPayload } from './entities/engagement-event.entity';

export interface EngagementEventInput {
  organisationId: string;
  graduateId: string;
  kind: EngagementKind;
  refId?: string | null;
  payload?: EngagementPayload;
  occurredAt?: Date;
}

/**
 * Appends touchpoints in one INSERT, in the caller's transaction, so an event exists exactly when
 * the change it records does. (Delivery status changes are recorded by a trigger instead.)
 */
export async function appendEngagementEvents(manager: EntityManager, events: EngagementEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(EngagementEventEntity)
    .values(
      events.map((e) => ({
        organisationId: e.organisationId,
        graduateId: e.graduateId,
        kind: e.kind,
        refId: e.refId ?? null,
        payload: e.payload ?? {},
        ...(e.occurredAt ? { occurredAt: e.occurredAt } : {}),
      })),
    )
    .execute();
}
