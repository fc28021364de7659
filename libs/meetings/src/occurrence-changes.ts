import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessageKind } from '@continuum/domain';
import { cancelDeliveriesAbout, DeliveryScheduler, type DeliveryRequest, type ScheduledDelivery, subjectsReached } from '@continuum/delivery';
import { type MeetingOccurrenceEntity, type MeetingSeriesEntity, OccurrenceStatus } from '@continuum/persistence';
import { type InvitationRef, invitationMessage, MEETING_KINDS, type OccurrenceFacts, reminderMessages } from './meeting-messages';

/** Messages that put an occurrence in front of someone: once one of these has gone, they were invited. */
const INVITING_KINDS = [MessageKind.MeetingInvite, MessageKind.MeetingMoved, MessageKind.MeetingPlaceOpen];

export interface OccurrenceMove {
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  videoUrl: string | null;
}

interface InvitationRow {
  id: string;
  organisation_id: string;
  graduate_id: string;
  channel: 'sms' | 'email' | null;
  version: number;
  rsvp: string;
}

/**
 * Cancelling or moving an occurrence, in the caller's transaction: every message still waiting
 * about it is cancelled (or re-planned for the new time), and each person it has already reached
 * gets one notice. Nobody is reminded of a meeting that is not happening.
 */
@Injectable()
export class OccurrenceChanges {
  constructor(private readonly deliveries: DeliveryScheduler) {}

  async cancel(manager: EntityManager, occurrence: MeetingOccurrenceEntity, series: MeetingSeriesEntity, now = new Date()): Promise<ScheduledDelivery[]> {
    if (occurrence.status === OccurrenceStatus.Cancelled) return [];
    occurrence.status = OccurrenceStatus.Cancelled;
    occurrence.cancelledAt = now;
    occurrence.sequence += 1;
    await manager.query(`UPDATE meeting_occurrence SET status = 'cancelled', cancelled_at = $2, sequence = $3, updated_at = now() WHERE id = $1`, [
      occurrence.id,
      now,
      occurrence.sequence,
    ]);
    const invitations = await this.invitationsOf(manager, occurrence.id);
    await cancelDeliveriesAbout(manager, { organisationId: occurrence.organisationId, subjectIds: invitations.map((i) => i.id), kinds: MEETING_KINDS }, 'meeting_cancelled');
    const reached = await subjectsReached(manager, invitations.map((i) => i.id), INVITING_KINDS);
    if (occurrence.startsAt.getTime() <= now.getTime()) return [];
    const facts: OccurrenceFacts = { occurrence, series };
    const notices = invitations
      .filter((i) => reached.has(i.id) && i.channel)
      .map((i) => invitationMessage(refOf(i), facts, MessageKind.MeetingCancelled, String(occurrence.sequence), now, occurrence.startsAt));
    return this.deliveries.add(manager, notices);
  }

  async move(manager: EntityManager, occurrence: MeetingOccurrenceEntity, series: MeetingSeriesEntity, to: OccurrenceMove, now = new Date()): Promise<ScheduledDelivery[]> {
    occurrence.startsAt = to.startsAt;
    occurrence.endsAt = to.endsAt;
    occurrence.location = to.location;
    occurrence.videoUrl = to.videoUrl;
    occurrence.sequence += 1;
    await manager.query(
      `UPDATE meeting_occurrence SET starts_at = $2, ends_at = $3, location = $4, video_url = $5, sequence = $6, updated_at = now() WHERE id = $1`,
      [occurrence.id, to.startsAt, to.endsAt, to.location, to.videoUrl, occurrence.sequence],
    );
    const invitations = await this.invitationsOf(manager, occurrence.id);
    if (invitations.length === 0) return [];
    const cancelled = await cancelDeliveriesAbout(
      manager,
      { organisationId: occurrence.organisationId, subjectIds: invitations.map((i) => i.id), kinds: [MessageKind.MeetingInvite, MessageKind.MeetingReminder, MessageKind.MeetingMoved] },
      'meeting_moved',
    );
    const unsentInvite = new Set(cancelled.filter((c) => c.kind === MessageKind.MeetingInvite).map((c) => c.subjectId));
    const reached = await subjectsReached(manager, invitations.map((i) => i.id), INVITING_KINDS);
    await manager.query(`UPDATE meeting_invitation SET version = version + 1, updated_at = now() WHERE occurrence_id = $1`, [occurrence.id]);
    const facts: OccurrenceFacts = { occurrence, series };
    const requests: DeliveryRequest[] = [];
    const key = String(occurrence.sequence);
    for (const row of invitations) {
      const ref = { ...refOf(row), version: row.version + 1 };
      if (!ref.channel) continue;
      // Not yet sent: the invitation goes as planned, with the new time. Already seen: one notice.
      if (unsentInvite.has(row.id)) requests.push(invitationMessage(ref, facts, MessageKind.MeetingInvite, key, now, occurrence.startsAt));
      else if (reached.has(row.id)) requests.push(invitationMessage(ref, facts, MessageKind.MeetingMoved, key, now, occurrence.startsAt));
    }
    const remind = invitations.filter((i) => i.rsvp === 'yes' || (series.remindNoReply && i.rsvp === 'none')).map((i) => ({ ...refOf(i), version: i.version + 1 }));
    requests.push(...reminderMessages(remind, facts, now));
    return this.deliveries.add(manager, requests);
  }

  private async invitationsOf(manager: EntityManager, occurrenceId: string): Promise<InvitationRow[]> {
    return manager.query(`SELECT id, organisation_id, graduate_id, channel, version, rsvp FROM meeting_invitation WHERE occurrence_id = $1 ORDER BY id FOR UPDATE`, [occurrenceId]);
  }
}

function refOf(row: InvitationRow): InvitationRef {
  return { id: row.id, organisationId: row.organisation_id, graduateId: row.graduate_id, channel: row.channel, version: row.version };
}
