import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageKind, parseIsoDuration } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import { MeetingSeriesEntity } from '@continuum/persistence';
import { MeetingInvitations } from './meeting-invitations.service';
import { HORIZON_DAYS, MeetingSeriesService } from './meeting-series.service';
import { messageAbout } from './meeting-messages';

export interface MeetingSweepResult {
  materialised: number;
  invited: number;
  feedbackRequested: number;
}

const DAY = 86_400_000;
/** Rating requests go half an hour after the end, and not at all for a meeting over 3 days ago. */
const FEEDBACK_AFTER_MS = 30 * 60_000;
const FEEDBACK_WINDOW_MS = 3 * DAY;

/**
 * The worker's periodic meeting work, each step safe to repeat: keep occurrences materialised to
 * the horizon, send each occurrence's invitations when its lead time arrives, and ask those who
 * came (or said they would) for a rating once it is over.
 */
@Injectable()
export class MeetingSweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly series: MeetingSeriesService,
    private readonly invitations: MeetingInvitations,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  async sweep(now = new Date()): Promise<MeetingSweepResult> {
    return { materialised: await this.materialise(now), invited: await this.invite(now), feedbackRequested: await this.requestFeedback(now) };
  }

  private async materialise(now: Date): Promise<number> {
    const due = await this.dataSource
      .getRepository(MeetingSeriesEntity)
      .createQueryBuilder('s')
      .where(`s.status = 'active' AND (s.materialised_until IS NULL OR s.materialised_until < :soon)`, { soon: new Date(now.getTime() + (HORIZON_DAYS - 1) * DAY) })
      .take(200)
      .getMany();
    let made = 0;
    for (const series of due) made += await this.dataSource.transaction((manager) => this.series.materialise(manager, series, now));
    return made;
  }

  private async invite(now: Date): Promise<number> {
    const candidates: { id: string; starts_at: Date; invite_lead: string }[] = await this.dataSource.query(
      `SELECT o.id, o.starts_at, s.invite_lead FROM meeting_occurrence o JOIN meeting_series s ON s.id = o.series_id
        WHERE o.status = 'scheduled' AND o.invited_at IS NULL AND o.starts_at > $1 AND o.starts_at <= $1::timestamptz + interval '61 days' AND s.status = 'active'
        ORDER BY o.starts_at LIMIT 500`,
      [now],
    );
    let invited = 0;
    for (const c of candidates) {
      const lead = parseIsoDuration(c.invite_lead);
      if (!lead.ok || new Date(c.starts_at).getTime() - lead.value.maxMs > now.getTime()) continue;
      invited += await this.invitations.inviteNow(c.id, now);
    }
    return invited;
  }

  private async requestFeedback(now: Date): Promise<number> {
    const ended: { id: string; ends_at: Date }[] = await this.dataSource.query(
      `SELECT id, ends_at FROM meeting_occurrence WHERE status = 'scheduled' AND feedback_requested_at IS NULL AND ends_at <= $1 ORDER BY ends_at LIMIT 200`,
      [new Date(now.getTime() - FEEDBACK_AFTER_MS)],
    );
    let requested = 0;
    for (const occurrence of ended) {
      const scheduled = await this.dataSource.transaction(async (manager): Promise<ScheduledDelivery[]> => {
        const claimed: [unknown[], number] = await manager.query(
          `UPDATE meeting_occurrence SET feedback_requested_at = $2 WHERE id = $1 AND feedback_requested_at IS NULL RETURNING id`,
          [occurrence.id, now],
        );
        if (claimed[0].length === 0 || new Date(occurrence.ends_at).getTime() < now.getTime() - FEEDBACK_WINDOW_MS) return [];
        const rows: { id: string; organisation_id: string; graduate_id: string; channel: 'sms' | 'email' }[] = await manager.query(
          `SELECT id, organisation_id, graduate_id, channel FROM meeting_invitation
            WHERE occurrence_id = $1 AND channel IS NOT NULL AND (attendance = 'attended' OR (attendance IS NULL AND rsvp = 'yes'))`,
          [occurrence.id],
        );
        const notAfter = new Date(now.getTime() + FEEDBACK_WINDOW_MS);
        return this.deliveries.add(
          manager,
          rows.map((r) => messageAbout({ id: r.id, organisationId: r.organisation_id, graduateId: r.graduate_id, channel: r.channel, version: 0 }, MessageKind.MeetingFeedback, '0', {}, now, notAfter)),
        );
      });
      await this.deliveries.enqueue(scheduled);
      requested += scheduled.length;
    }
    return requested;
  }
}
