import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { ACTIVE_KINDS, MessageKind } from '@continuum/domain';
import { DeliveryScheduler, type DeliveryRequest } from '@continuum/delivery';
import { followUpWindowSql, INTAKE_SQL } from './follow-up-sql';

/** The digest goes once a day, from this local hour of the organisation's zone. */
export const DIGEST_LOCAL_HOUR = 7;
/** Lines per section; the rest is counted ("and 4 more"). */
const LIST_LIMIT = 20;

interface Line {
  graduate_id: string;
  name: string;
  detail: string;
}

/**
 * Each coordinator's morning email: their open alerts (urgent first), the at-risk flags raised on
 * their graduates in the last day, and their graduates whose 6-month follow-up window is open and
 * not yet met. Graduates appear by first name and the start of their id only; never an answer, a
 * reason a graduate gave, or a contact detail. Nothing to say, no email. One per coordinator and
 * local day (the idempotency key), through the delivery engine like every message.
 */
@Injectable()
export class CoordinatorDigest {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  /** Every organisation whose digest hour has come today, or only those named. */
  async scheduleDue(now = new Date(), only?: string[]): Promise<number> {
    const orgs: { id: string; timezone: string }[] = await this.dataSource.query(`SELECT id, timezone FROM organisation WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])`, [only ?? null]);
    const requests: DeliveryRequest[] = [];
    for (const org of orgs) {
      const local = DateTime.fromJSDate(now, { zone: org.timezone });
      if (!local.isValid || local.hour < DIGEST_LOCAL_HOUR) continue;
      const day = local.toISODate() as string;
      const staff: { id: string; display_name: string }[] = await this.dataSource.query(
        `SELECT s.id, s.display_name FROM staff_user s
          WHERE s.organisation_id = $1 AND s.disabled_at IS NULL
            AND (s.role = 'coordinator' OR EXISTS (SELECT 1 FROM alert a WHERE a.owner_id = s.id AND a.status IN ('open', 'acknowledged')))
            AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.organisation_id = $1 AND d.idempotency_key = 'digest:' || s.id || ':' || $2)`,
        [org.id, day],
      );
      for (const member of staff) {
        const digest = await this.digestFor(this.dataSource.manager, org.id, member.id, now, local.toISODate() as string);
        if (!digest) continue;
        requests.push({
          organisationId: org.id,
          graduateId: null,
          staffUserId: member.id,
          channel: 'email',
          purpose: 'check_ins',
          kind: MessageKind.DigestDaily,
          idempotencyKey: `digest:${member.id}:${day}`,
          variables: { digest },
          dueAt: now,
          notAfter: local.endOf('day').toJSDate(),
        });
      }
    }
    const scheduled = await this.deliveries.schedule(requests);
    return scheduled.filter((d) => d.created).length;
  }

  /** The digest's text for one coordinator, or null when nothing needs them. */
  async digestFor(manager: EntityManager, organisationId: string, staffId: string, now: Date, today: string): Promise<string | null> {
    const name = `coalesce(g.preferred_name, g.first_name)`;
    const window = followUpWindowSql(INTAKE_SQL);
    const alerts: Line[] = await manager.query(
      `SELECT g.id AS graduate_id, ${name} AS name,
              replace(a.kind, '_', ' ') || CASE WHEN a.urgency = 'urgent' THEN ', urgent' ELSE '' END || ', ' || a.status || ' since ' || to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS detail
         FROM alert a JOIN graduate g ON g.id = a.graduate_id
        WHERE a.organisation_id = $1 AND a.owner_id = $2 AND a.status IN ('open', 'acknowledged')
        ORDER BY (a.urgency = 'urgent') DESC, a.created_at LIMIT ${LIST_LIMIT + 1}`,
      [organisationId, staffId],
    );
    const flags: Line[] = await manager.query(
      `SELECT g.id AS graduate_id, ${name} AS name, replace(f.rule, '_', ' ') AS detail
         FROM engagement_flag f JOIN graduate g ON g.id = f.graduate_id
        WHERE f.organisation_id = $1 AND g.coordinator_id = $2 AND f.cleared_at IS NULL AND f.raised_at > $3::timestamptz - interval '1 day'
        ORDER BY f.raised_at LIMIT ${LIST_LIMIT + 1}`,
      [organisationId, staffId, now],
    );
    const followUps: Line[] = await manager.query(
      `SELECT w.id AS graduate_id, w.name, 'window closes ' || to_char(w.closes, 'YYYY-MM-DD') AS detail
         FROM (SELECT g.id, ${name} AS name,
                      ${window.opens} AS opens, ${window.closes} AS closes
                 FROM graduate g WHERE g.organisation_id = $1 AND g.coordinator_id = $2 AND g.status = 'active') w
        WHERE w.opens <= $3::date AND w.closes >= $3::date
          AND NOT EXISTS (SELECT 1 FROM engagement_event e WHERE e.graduate_id = w.id AND e.kind = ANY($4::text[])
                             AND e.occurred_at >= w.opens::timestamp AT TIME ZONE 'UTC')
        ORDER BY w.closes, w.id LIMIT ${LIST_LIMIT + 1}`,
      [organisationId, staffId, today, ACTIVE_KINDS],
    );
    if (alerts.length + flags.length + followUps.length === 0) return null;
    return [section('Open alerts', alerts), section('New at-risk flags', flags), section('Follow-ups due (6-month window open)', followUps)].filter(Boolean).join('\n\n');
  }
}

function section(title: string, lines: Line[]): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, LIST_LIMIT).map((l) => `- ${l.name} (${l.graduate_id.slice(0, 8)}): ${l.detail}`);
  const more = lines.length > LIST_LIMIT ? [`- and more: open Continuum for the full list`] : [];
  return [`${title}:`, ...shown, ...more].join('\n');
}
