import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Channel, ConsentPurpose, type Language, MessageKind, type RsvpOutcome } from '@continuum/domain';
import { cancelDeliveriesAbout, DeliveryScheduler, type DeliveryRequest, type ScheduledDelivery } from '@continuum/delivery';
import { reachableChannel, type ReachableRow, reachableSql } from '@continuum/people';
import {
  appendEngagementEvents,
  type MeetingAudience,
  MeetingInvitationEntity,
  MeetingOccurrenceEntity,
  MeetingSeriesEntity,
  OccurrenceStatus,
  Rsvp,
} from '@continuum/persistence';
import { type InvitationRef, invitationMessage, type OccurrenceFacts, reminderMessages } from './meeting-messages';

export type RsvpSource = 'sms' | 'link' | 'staff';

export interface RsvpResult {
  outcome: RsvpOutcome;
  language: Language;
  timezone: string;
  startsAt: Date;
  /** Written in the answer's transaction; queue them once it has committed. */
  deliveries: ScheduledDelivery[];
}

interface AudienceRow extends ReachableRow {
  id: string;
}

/** The audience's WHERE clause over `graduate g`, its parameters numbered from `first`. */
function audienceFilter(audience: MeetingAudience, first: number): { sql: string; params: unknown[] } {
  switch (audience.type) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'program':
      return { sql: `g.program_id = $${first}`, params: [audience.programId] };
    case 'list':
      return { sql: `g.id = ANY($${first}::uuid[])`, params: [audience.graduateIds] };
    case 'cohort':
      return {
        sql: `($${first}::date IS NULL OR g.discharge_date >= $${first}::date) AND ($${first + 1}::date IS NULL OR g.discharge_date <= $${first + 1}::date)
              AND ($${first + 2}::uuid IS NULL OR g.program_id = $${first + 2}::uuid)`,
        params: [audience.dischargedFrom, audience.dischargedTo, audience.programId ?? null],
      };
  }
}


/**
 * Invitations and answers. An occurrence's invitation round writes one invitation per graduate of
 * the audience who may be invited (active, reachable, consented to meeting invites on that
 * channel), its message, and its event, in one transaction. An answer takes a place while there
 * is one (the occurrence row is locked, so two answers never take the last place twice), else
 * joins the waitlist; a place given back goes to the first on the waitlist.
 */
@Injectable()
export class MeetingInvitations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  /** Writes the occurrence's invitations; safe to run again (who is invited already stays as they are). */
  async invite(manager: EntityManager, occurrenceId: string, now = new Date()): Promise<{ invited: number; deliveries: ScheduledDelivery[] }> {
    const occurrence = await manager.findOne(MeetingOccurrenceEntity, { where: { id: occurrenceId }, lock: { mode: 'pessimistic_write' } });
    if (!occurrence || occurrence.status !== OccurrenceStatus.Scheduled || occurrence.startsAt.getTime() <= now.getTime()) {
      return { invited: 0, deliveries: [] };
    }
    const series = await manager.findOneByOrFail(MeetingSeriesEntity, { id: occurrence.seriesId });
    if (series.status !== 'active') return { invited: 0, deliveries: [] };
    const filter = audienceFilter(series.audience, 3);
    const reach = reachableSql(ConsentPurpose.MeetingInvites);
    const audience: AudienceRow[] = await manager.query(
      `SELECT g.id, g.preferred_channels, ${reach.columns}
         FROM graduate g
         ${reach.joins}
        WHERE g.organisation_id = $1 AND g.status = 'active' AND ${filter.sql}
          AND NOT EXISTS (SELECT 1 FROM meeting_invitation i WHERE i.occurrence_id = $2 AND i.graduate_id = g.id)`,
      [occurrence.organisationId, occurrence.id, ...filter.params],
    );
    const invitable = audience.filter((row) => row.sms_ok || row.email_ok);
    const inserted: { id: string; graduate_id: string; channel: Channel }[] = invitable.length
      ? await manager.query(
          `INSERT INTO meeting_invitation (organisation_id, occurrence_id, graduate_id, channel)
           SELECT $1, $2, g, c FROM unnest($3::uuid[], $4::text[]) AS t(g, c)
           ON CONFLICT (occurrence_id, graduate_id) DO NOTHING
           RETURNING id, graduate_id, channel`,
          [occurrence.organisationId, occurrence.id, invitable.map((r) => r.id), invitable.map((r) => reachableChannel(r) as Channel)],
        )
      : [];
    const invitations: InvitationRef[] = inserted.map((r) => ({ id: r.id, organisationId: occurrence.organisationId, graduateId: r.graduate_id, channel: r.channel, version: 0 }));
    const facts: OccurrenceFacts = { occurrence, series };
    const requests: DeliveryRequest[] = invitations.map((i) => invitationMessage(i, facts, MessageKind.MeetingInvite, String(occurrence.sequence), now, occurrence.startsAt));
    if (series.remindNoReply) requests.push(...reminderMessages(invitations, facts, now));
    const deliveries = await this.deliveries.add(manager, requests);
    await appendEngagementEvents(
      manager,
      invitations.map((i) => ({
        organisationId: i.organisationId,
        graduateId: i.graduateId,
        kind: 'meeting.invited' as const,
        refId: i.id,
        payload: { occurrenceId: occurrence.id, channel: i.channel },
        occurredAt: now,
      })),
    );
    await manager.query(`UPDATE meeting_occurrence SET invited_at = coalesce(invited_at, $2), updated_at = now() WHERE id = $1`, [occurrence.id, now]);
    return { invited: invitations.length, deliveries };
  }

  /** Runs an invitation round in its own transaction and queues its messages. */
  async inviteNow(occurrenceId: string, now = new Date()): Promise<number> {
    const result = await this.dataSource.transaction((manager) => this.invite(manager, occurrenceId, now));
    await this.deliveries.enqueue(result.deliveries);
    return result.invited;
  }

  /** A graduate's answer, by text, by their link or recorded by staff. Saying the same again changes nothing. */
  async answer(invitationId: string, answer: 'yes' | 'no', source: RsvpSource, now = new Date(), outer?: EntityManager): Promise<RsvpResult | null> {
    const run = async (manager: EntityManager): Promise<RsvpResult | null> => {
      const found = await manager.findOneBy(MeetingInvitationEntity, { id: invitationId });
      if (!found) return null;
      const occurrence = await manager.findOne(MeetingOccurrenceEntity, { where: { id: found.occurrenceId }, lock: { mode: 'pessimistic_write' } });
      if (!occurrence) return null;
      const series = await manager.findOneByOrFail(MeetingSeriesEntity, { id: occurrence.seriesId });
      const who: { language: Language; timezone: string }[] = await manager.query(`SELECT language, timezone FROM graduate WHERE id = $1`, [found.graduateId]);
      const base = { language: who[0].language, timezone: who[0].timezone, startsAt: occurrence.startsAt, deliveries: [] as ScheduledDelivery[] };
      if (occurrence.status !== OccurrenceStatus.Scheduled || occurrence.startsAt.getTime() <= now.getTime()) return { ...base, outcome: 'closed' };
      const invitation = await manager.findOneOrFail(MeetingInvitationEntity, { where: { id: invitationId }, lock: { mode: 'pessimistic_write' } });
      let state: Rsvp = Rsvp.No;
      if (answer === 'yes') {
        if (invitation.rsvp === Rsvp.Yes || invitation.rsvp === Rsvp.Waitlisted) {
          state = invitation.rsvp;
        } else {
          const taken: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM meeting_invitation WHERE occurrence_id = $1 AND rsvp = 'yes'`, [occurrence.id]);
          state = series.capacity === null || taken[0].n < series.capacity ? Rsvp.Yes : Rsvp.Waitlisted;
        }
      }
      if (state === invitation.rsvp) return { ...base, outcome: state as RsvpOutcome };
      const facts: OccurrenceFacts = { occurrence, series };
      const requests = await this.setRsvp(manager, invitation, state, source, facts, now);
      if (invitation.rsvp === Rsvp.Yes && state === Rsvp.No) requests.push(...(await this.promote(manager, facts, now)));
      return { ...base, outcome: state as RsvpOutcome, deliveries: await this.deliveries.add(manager, requests) };
    };
    if (outer) return run(outer);
    const result = await this.dataSource.transaction(run);
    if (result) await this.deliveries.enqueue(result.deliveries);
    return result;
  }

  /** Records the new answer and re-plans the invitation's reminders for it; returns the messages to write. */
  private async setRsvp(manager: EntityManager, invitation: MeetingInvitationEntity, state: Rsvp, source: string, facts: OccurrenceFacts, now: Date): Promise<DeliveryRequest[]> {
    const version = invitation.version + 1;
    await manager.query(
      `UPDATE meeting_invitation SET rsvp = $2::text, rsvp_at = $3::timestamptz, rsvp_source = $4, waitlisted_at = CASE WHEN $2::text = 'waitlisted' THEN $3::timestamptz ELSE NULL END,
              version = $5, updated_at = now() WHERE id = $1`,
      [invitation.id, state, now, source, version],
    );
    await cancelDeliveriesAbout(manager, { organisationId: invitation.organisationId, subjectIds: [invitation.id], kinds: [MessageKind.MeetingReminder, MessageKind.MeetingPlaceOpen] }, 'rsvp_changed');
    await appendEngagementEvents(manager, [
      { organisationId: invitation.organisationId, graduateId: invitation.graduateId, kind: 'meeting.rsvp', refId: invitation.id, payload: { occurrenceId: facts.occurrence.id, answer: state, source }, occurredAt: now },
    ]);
    const ref: InvitationRef = { id: invitation.id, organisationId: invitation.organisationId, graduateId: invitation.graduateId, channel: invitation.channel, version };
    return state === Rsvp.Yes ? reminderMessages([ref], facts, now) : [];
  }

  /** Gives a freed place to the first on the waitlist, with a message saying so and their reminders. */
  private async promote(manager: EntityManager, facts: OccurrenceFacts, now: Date): Promise<DeliveryRequest[]> {
    const next = await manager
      .getRepository(MeetingInvitationEntity)
      .createQueryBuilder('i')
      .where('i.occurrence_id = :id AND i.rsvp = :w', { id: facts.occurrence.id, w: Rsvp.Waitlisted })
      .orderBy('i.waitlistedAt', 'ASC')
      .setLock('pessimistic_write')
      .getOne();
    if (!next) return [];
    const requests = await this.setRsvp(manager, next, Rsvp.Yes, 'waitlist', facts, now);
    const ref: InvitationRef = { id: next.id, organisationId: next.organisationId, graduateId: next.graduateId, channel: next.channel, version: next.version + 1 };
    if (ref.channel) requests.push(invitationMessage(ref, facts, MessageKind.MeetingPlaceOpen, String(ref.version), now, facts.occurrence.startsAt));
    return requests;
  }
}
