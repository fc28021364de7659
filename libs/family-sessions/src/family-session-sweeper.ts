import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatMeetingTime, type Language, MessageKind } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import { FamilySessionEntity } from '@continuum/persistence';
import { participantMessage } from './family-session-messages';

const FOLLOW_UP_AFTER_MS = 30 * 60_000;
const FOLLOW_UP_WINDOW_MS = 3 * 86_400_000;
const NEXT: Record<Language, (when: string) => string> = {
  en: (when) => `Next appointment: ${when}.`,
  es: (when) => `Próxima cita: ${when}.`,
};

/**
 * After each family session: a thank-you to each contact who came (or was not marked absent),
 * with a short feedback link and their next session with the graduate, if there is one.
 */
@Injectable()
export class FamilySessionSweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  async sweep(now = new Date()): Promise<{ followUps: number }> {
    const ended: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM family_session WHERE status = 'scheduled' AND follow_up_at IS NULL AND ends_at <= $1 ORDER BY ends_at LIMIT 200`,
      [new Date(now.getTime() - FOLLOW_UP_AFTER_MS)],
    );
    let followUps = 0;
    for (const { id } of ended) {
      const scheduled = await this.dataSource.transaction(async (manager): Promise<ScheduledDelivery[]> => {
        const claimed: [unknown[], number] = await manager.query(`UPDATE family_session SET follow_up_at = $2 WHERE id = $1 AND follow_up_at IS NULL RETURNING id`, [id, now]);
        const session = await manager.findOneByOrFail(FamilySessionEntity, { id });
        if (claimed[0].length === 0 || session.endsAt.getTime() < now.getTime() - FOLLOW_UP_WINDOW_MS) return [];
        const rows: { id: string; contact_id: string; channel: 'sms' | 'email'; version: number; language: Language; timezone: string; next_at: Date | null }[] = await manager.query(
          `SELECT p.id, p.contact_id, p.channel, p.version, c.language, c.timezone,
                  (SELECT min(s.starts_at) FROM family_session s JOIN family_session_participant q ON q.session_id = s.id
                    WHERE s.graduate_id = $2 AND s.status = 'scheduled' AND s.starts_at > $3 AND q.contact_id = p.contact_id AND q.removed_at IS NULL) AS next_at
             FROM family_session_participant p JOIN contact c ON c.id = p.contact_id
            WHERE p.session_id = $1 AND p.removed_at IS NULL AND p.attendance IS DISTINCT FROM 'no_show'`,
          [id, session.graduateId, now],
        );
        const notAfter = new Date(now.getTime() + FOLLOW_UP_WINDOW_MS);
        return this.deliveries.add(
          manager,
          rows.map((r) =>
            participantMessage(
              { id: r.id, organisationId: session.organisationId, graduateId: session.graduateId, contactId: r.contact_id, channel: r.channel, version: r.version },
              session,
              MessageKind.FamilySessionFollowUp,
              '0',
              now,
              notAfter,
              { nextSession: r.next_at ? NEXT[r.language](formatMeetingTime(new Date(r.next_at), r.timezone, r.language)) : '' },
            ),
          ),
        );
      });
      await this.deliveries.enqueue(scheduled);
      followUps += scheduled.length;
    }
    return { followUps };
  }
}
