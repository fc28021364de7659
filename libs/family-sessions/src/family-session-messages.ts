import type { EntityManager } from 'typeorm';
import { type Channel, ConsentPurpose, type MessageKind, parseIsoDuration } from '@continuum/domain';
import type { DeliveryRequest } from '@continuum/delivery';
import { latestConsentSql } from '@continuum/people';
import type { FamilySessionEntity } from '@continuum/persistence';

/** Reminders before a family session. */
export const FAMILY_REMINDER_OFFSETS = ['PT24H', 'PT1H'] as const;

export interface ParticipantRef {
  id: string;
  organisationId: string;
  graduateId: string;
  contactId: string;
  channel: Channel;
  version: number;
}

export function placeOf(session: Pick<FamilySessionEntity, 'location' | 'videoUrl'>): string {
  return session.location ?? session.videoUrl ?? '';
}

/** A message to one family contact about one session; `startsAtIso` is worded in their own zone and language at send time. */
export function participantMessage(p: ParticipantRef, session: FamilySessionEntity, kind: MessageKind, keyPart: string, dueAt: Date, notAfter: Date | null, extra: Record<string, string> = {}): DeliveryRequest {
  return {
    organisationId: p.organisationId,
    graduateId: p.graduateId,
    contactId: p.contactId,
    channel: p.channel,
    purpose: ConsentPurpose.FamilySessionNotices,
    kind,
    idempotencyKey: `${kind}:${p.id}:${keyPart}`,
    subjectId: p.id,
    variables: { participantId: p.id, sessionId: session.id, startsAtIso: session.startsAt.toISOString(), location: placeOf(session), ...extra },
    dueAt,
    notAfter,
  };
}

export function reminderMessages(participants: ParticipantRef[], session: FamilySessionEntity, now: Date): DeliveryRequest[] {
  const requests: DeliveryRequest[] = [];
  for (const offset of FAMILY_REMINDER_OFFSETS) {
    const parsed = parseIsoDuration(offset);
    if (!parsed.ok) continue;
    const dueAt = new Date(session.startsAt.getTime() - parsed.value.maxMs);
    if (dueAt.getTime() <= now.getTime()) continue;
    for (const p of participants) requests.push(participantMessage(p, session, 'family_session.reminder', `${p.version}:${offset}`, dueAt, session.startsAt));
  }
  return requests;
}

/**
 * The channels on which a recipient (a contact, or the graduate when `contactId` is null) can be
 * reached and consented to family-session notices right now, in their order of preference.
 */
export async function noticeChannels(manager: EntityManager, organisationId: string, graduateId: string, contactIds: (string | null)[]): Promise<Map<string | null, Channel[]>> {
  const consent = (alias: string, channel: Channel) =>
    `LEFT JOIN LATERAL (${latestConsentSql({ organisationId: '$1', graduateId: '$2', contactId: 'r.contact_id', channel: `'${channel}'`, purpose: `'${ConsentPurpose.FamilySessionNotices}'` })}) ${alias} ON true`;
  const active = (alias: string) => `coalesce(${alias}.decision = 'granted' AND (${alias}.expires_at IS NULL OR ${alias}.expires_at > now()), false)`;
  const rows: { contact_id: string | null; sms: boolean; email: boolean; preferred: Channel[] | null }[] = await manager.query(
    `SELECT r.contact_id,
            (coalesce(c.phone, CASE WHEN r.contact_id IS NULL THEN g.phone END) IS NOT NULL AND ${active('cs')}) AS sms,
            (coalesce(c.email, CASE WHEN r.contact_id IS NULL THEN g.email END) IS NOT NULL AND ${active('ce')}) AS email,
            CASE WHEN r.contact_id IS NULL THEN g.preferred_channels END AS preferred
       FROM unnest($3::uuid[]) AS r(contact_id)
       JOIN graduate g ON g.id = $2 AND g.organisation_id = $1
       LEFT JOIN contact c ON c.id = r.contact_id AND c.graduate_id = g.id AND c.archived_at IS NULL
       ${consent('cs', 'sms')}
       ${consent('ce', 'email')}`,
    [organisationId, graduateId, contactIds],
  );
  const result = new Map<string | null, Channel[]>();
  for (const row of rows) {
    const ok = (['sms', 'email'] as const).filter((c) => row[c]);
    const order = row.preferred ?? [];
    const rank = (c: Channel) => (order.includes(c) ? order.indexOf(c) : order.length + (c === 'sms' ? 0 : 1));
    result.set(row.contact_id, [...ok].sort((a, b) => rank(a) - rank(b)));
  }
  return result;
}
