import type { EntityManager } from 'typeorm';
import type { EngagementKind } from '@continuum/domain';
import type { EngagementPayload } from './entities/engagement-event.entity';

export interface EngagementEventInput {
  organisationId: string;
  graduateId: string;
  kind: EngagementKind;
  refId?: string | null;
  payload?: EngagementPayload;
  occurredAt?: Date;
}

/** Rows per INSERT. */
const CHUNK = 5_000;

/**
 * Appends touchpoints, in the caller's transaction, so an event exists exactly when the change it
 * records does. One statement per 5,000 events, the values as arrays: an invitation round for
 * thousands of graduates writes its events in one round trip. (Delivery status changes are
 * recorded by a trigger instead.)
 */
export async function appendEngagementEvents(manager: EntityManager, events: EngagementEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    await manager.query(
      `INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload, occurred_at)
       SELECT o, g, k, r, p, coalesce(t, now())
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::jsonb[], $6::timestamptz[]) AS e(o, g, k, r, p, t)`,
      [
        chunk.map((e) => e.organisationId),
        chunk.map((e) => e.graduateId),
        chunk.map((e) => e.kind),
        chunk.map((e) => e.refId ?? null),
        chunk.map((e) => JSON.stringify(e.payload ?? {})),
        chunk.map((e) => e.occurredAt ?? null),
      ],
    );
  }
}
