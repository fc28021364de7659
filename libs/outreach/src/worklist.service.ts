import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ACTIVE_KINDS,
  WORKLIST_MISSED_DAYS,
  WORKLIST_NO_TOUCH_DAYS,
  WORKLIST_REASONS,
  type WorklistReason,
} from '@continuum/domain';
import { followUpWindowSql, INTAKE_SQL } from '@continuum/engagement';
import { type Actor, AuditService } from '@continuum/people';

export interface WorklistReasonView {
  reason: WorklistReason;
  /** Since when it has been waiting. */
  since: string;
  /** A few words: the flag's rule, the alert's kind, when a window closes. */
  detail: string | null;
}

export interface WorklistItem {
  graduateId: string;
  firstName: string;
  /** The most pressing reason; `reasons` has them all, most pressing first. */
  reason: WorklistReason;
  since: string;
  waitingMinutes: number;
  reasons: WorklistReasonView[];
  link: string;
}

interface Row {
  graduate_id: string;
  name: string;
  reason: WorklistReason;
  since: Date;
  detail: string | null;
}

/**
 * One prioritised list per coordinator of what needs a human today, built on request from the
 * records themselves, so an item leaves the list the moment it is acted on:
 *
 * - `escalation`: an open escalation alert they own or about their graduate (acknowledging or
 *   resolving it is acting on it);
 * - `at_risk`: an at-risk flag still holding, with no contact logged since it was raised;
 * - `missed_check_in`: a check-in missed in the last 14 days, with no contact logged since;
 * - `no_touch`: no touchpoint of the graduate's own for 21 days, and no contact logged since their last;
 * - `inbound`: texts in their conversation that no coordinator has answered yet;
 * - `next_step`: their latest contact log entry set a next step for today or earlier;
 * - `follow_up`: their 6-month follow-up window is open and not yet met.
 *
 * The caseload is the active graduates whose coordinator they are. A graduate appears once, under
 * their most pressing reason; within a reason, whoever has waited longest comes first.
 */
@Injectable()
export class WorklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async forCoordinator(actor: Actor, coordinatorId: string, now = new Date()): Promise<WorklistItem[]> {
    const today = now.toISOString().slice(0, 10);
    const window = followUpWindowSql('mine.intake');
    // The last contact logged with a graduate, looked up by index where it is needed. (Joined as a
    // CTE, it made Postgres loop over the whole caseload once per row whenever it under-counted
    // the caseload, as it does when other organisations' graduates dominate the statistics.)
    const lastContact = (graduate: string) => `(SELECT max(lc.occurred_at) FROM contact_log lc WHERE lc.graduate_id = ${graduate})`;
    const rows: Row[] = await this.dataSource.query(
      `WITH mine AS (
         SELECT g.id, coalesce(g.preferred_name, g.first_name) AS name, coalesce(g.discharge_date::timestamp AT TIME ZONE 'UTC', g.created_at) AS followed_since,
                ${INTAKE_SQL} AS intake, ${lastContact('g.id')} AS contacted
           FROM graduate g WHERE g.organisation_id = $1 AND g.coordinator_id = $2 AND g.status = 'active'
       )
       SELECT a.graduate_id, coalesce(g.preferred_name, g.first_name) AS name, 'escalation' AS reason, a.created_at AS since, a.urgency AS detail
         FROM alert a JOIN graduate g ON g.id = a.graduate_id
        WHERE a.organisation_id = $1 AND a.kind = 'escalation' AND a.status = 'open'
          AND (a.owner_id = $2 OR a.graduate_id IN (SELECT id FROM mine))
       UNION ALL
       SELECT f.graduate_id, mine.name, 'at_risk', f.raised_at, f.rule
         FROM engagement_flag f JOIN mine ON mine.id = f.graduate_id
        WHERE f.cleared_at IS NULL AND (mine.contacted IS NULL OR mine.contacted < f.raised_at)
       UNION ALL
       SELECT DISTINCT ON (c.graduate_id) c.graduate_id, mine.name, 'missed_check_in', c.missed_at, NULL
         FROM check_in c JOIN mine ON mine.id = c.graduate_id
        WHERE c.status = 'missed' AND c.missed_at > $3::timestamptz - make_interval(days => $5) AND (mine.contacted IS NULL OR mine.contacted < c.missed_at)
       UNION ALL
       SELECT t.id, t.name, 'no_touch', t.silent_since, NULL
         FROM (SELECT mine.id, mine.name, coalesce(
                        (SELECT max(e.occurred_at) FROM engagement_event e WHERE e.graduate_id = mine.id AND e.kind = ANY($4::text[]) AND e.occurred_at <= $3),
                        mine.followed_since) AS silent_since, mine.contacted
                 FROM mine) t
        WHERE t.silent_since < $3::timestamptz - make_interval(days => $6) AND (t.contacted IS NULL OR t.contacted < t.silent_since)
       UNION ALL
       SELECT m.graduate_id, mine.name, 'inbound', min(m.created_at), NULL
         FROM conversation_message m JOIN mine ON mine.id = m.graduate_id
        WHERE m.direction = 'in'
          AND NOT EXISTS (SELECT 1 FROM conversation_message o WHERE o.graduate_id = m.graduate_id AND o.direction = 'out' AND o.created_at >= m.created_at)
        GROUP BY m.graduate_id, mine.name
       UNION ALL
       SELECT l.graduate_id, coalesce(g.preferred_name, g.first_name), 'next_step', l.next_step_on::timestamp AT TIME ZONE 'UTC', NULL
         FROM contact_log l JOIN graduate g ON g.id = l.graduate_id
        WHERE l.organisation_id = $1 AND l.next_step_on IS NOT NULL AND l.next_step_on <= $7::date
          AND g.organisation_id = $1 AND g.coordinator_id = $2 AND g.status = 'active' AND l.occurred_at = ${lastContact('l.graduate_id')}
       UNION ALL
       SELECT w.id, w.name, 'follow_up', w.opens::timestamp AT TIME ZONE 'UTC', 'window closes ' || to_char(w.closes, 'YYYY-MM-DD')
         FROM (SELECT mine.id, mine.name, ${window.opens} AS opens, ${window.closes} AS closes
                 FROM mine WHERE mine.intake IS NOT NULL) w
        WHERE w.opens <= $7::date AND w.closes >= $7::date
          AND NOT EXISTS (SELECT 1 FROM engagement_event e WHERE e.graduate_id = w.id AND e.kind = ANY($4::text[]) AND e.occurred_at >= w.opens::timestamp AT TIME ZONE 'UTC')`,
      [actor.organisationId, coordinatorId, now, ACTIVE_KINDS, WORKLIST_MISSED_DAYS, WORKLIST_NO_TOUCH_DAYS, today],
    );
    await this.audit.record(actor, 'worklist.read', { type: 'staff', id: coordinatorId });
    const rank = (r: WorklistReason) => WORKLIST_REASONS.indexOf(r);
    const byGraduate = new Map<string, Row[]>();
    for (const row of rows) byGraduate.set(row.graduate_id, [...(byGraduate.get(row.graduate_id) ?? []), row]);
    const items = [...byGraduate.entries()].map(([graduateId, reasons]) => {
      reasons.sort((a, b) => rank(a.reason) - rank(b.reason) || new Date(a.since).getTime() - new Date(b.since).getTime());
      const [top] = reasons;
      const since = new Date(top.since);
      return {
        graduateId,
        firstName: top.name,
        reason: top.reason,
        since: since.toISOString(),
        waitingMinutes: Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000)),
        reasons: reasons.map((r) => ({ reason: r.reason, since: new Date(r.since).toISOString(), detail: r.detail })),
        link: `/graduates/${graduateId}`,
      };
    });
    return items.sort((a, b) => rank(a.reason) - rank(b.reason) || a.since.localeCompare(b.since));
  }
}
