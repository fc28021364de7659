import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ACTIVE_KINDS, type AtRiskRule, atRiskFlags, ENGAGEMENT_WEIGHTS, FULL_SCORE_RAW, HALF_LIFE_DAYS, SCORE_WINDOW_DAYS } from '@continuum/domain';
import { AlertsService } from '@continuum/check-ins';
import { AlertKind } from '@continuum/persistence';

/** Days after discharge at which retention is measured. */
export const RETENTION_DAYS = [30, 60, 90, 180, 365] as const;
/** How many missed days one pass of `runDue` catches up, per organisation. */
const MAX_CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RollupResult {
  organisationId: string;
  day: string;
  scores: number;
  flagsRaised: number;
  flagsCleared: number;
}

interface FlagFacts {
  id: string;
  followed_since: Date | null;
  score: number | null;
  peak: number | null;
  last_touch_at: Date | null;
  last_two: ('answered' | 'missed')[] | null;
  last_escalation: Date | null;
  active: { id: string; rule: AtRiskRule }[];
}

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The nightly engagement rollup of one organisation and one UTC day, idempotent (run it again and
 * the day is rebuilt): the day's events counted per program, cohort and kind for the reports;
 * every active graduate's score as of the day's end; the at-risk flags (new ones raise one
 * routine coordinator alert each, gone ones are cleared); and retention at 30–365 days for the
 * graduates who reached one of those days.
 */
@Injectable()
export class EngagementRollup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsService,
  ) {}

  /** Rolls up every organisation's days from the last one done to yesterday (UTC), a week at most. */
  async runDue(now = new Date()): Promise<RollupResult[]> {
    const yesterday = isoDay(new Date(now.getTime() - DAY_MS));
    const orgs: { id: string; last: string | null }[] = await this.dataSource.query(
      `SELECT o.id, to_char(max(r.day), 'YYYY-MM-DD') AS last FROM organisation o LEFT JOIN engagement_rollup_run r ON r.organisation_id = o.id GROUP BY o.id`,
    );
    const results: RollupResult[] = [];
    for (const org of orgs) {
      let day = org.last ? isoDay(new Date(dayStart(org.last).getTime() + DAY_MS)) : yesterday;
      const earliest = isoDay(new Date(dayStart(yesterday).getTime() - (MAX_CATCH_UP_DAYS - 1) * DAY_MS));
      if (day < earliest) day = earliest;
      for (; day <= yesterday; day = isoDay(new Date(dayStart(day).getTime() + DAY_MS))) results.push(await this.runDay(org.id, day));
    }
    return results;
  }

  async runDay(organisationId: string, day: string): Promise<RollupResult> {
    return this.dataSource.transaction(async (manager) => {
      const start = dayStart(day);
      const end = new Date(start.getTime() + DAY_MS);
      await this.counts(manager, organisationId, day, start, end);
      const scores = await this.scores(manager, organisationId, day, end);
      const { raised, cleared } = await this.flags(manager, organisationId, day, end);
      await this.retention(manager, organisationId, day);
      await manager.query(
        `INSERT INTO engagement_rollup_run (organisation_id, day, finished_at) VALUES ($1, $2, now()) ON CONFLICT (organisation_id, day) DO UPDATE SET finished_at = now()`,
        [organisationId, day],
      );
      return { organisationId, day, scores, flagsRaised: raised, flagsCleared: cleared };
    });
  }

  private async counts(manager: EntityManager, organisationId: string, day: string, start: Date, end: Date): Promise<void> {
    await manager.query(`DELETE FROM engagement_rollup WHERE organisation_id = $1 AND day = $2`, [organisationId, day]);
    await manager.query(
      `INSERT INTO engagement_rollup (organisation_id, day, program_id, cohort_month, kind, events, graduates)
       SELECT $1, $2::date, g.program_id, date_trunc('month', g.discharge_date)::date, e.kind, count(*), count(DISTINCT e.graduate_id)
         FROM engagement_event e JOIN graduate g ON g.id = e.graduate_id
        WHERE e.organisation_id = $1 AND e.occurred_at >= $3 AND e.occurred_at < $4
        GROUP BY g.program_id, date_trunc('month', g.discharge_date), e.kind`,
      [organisationId, day, start, end],
    );
  }

  /** The formula of docs/engagement.md (engagementScore in libs/domain), in SQL, as of `end`. */
  private async scores(manager: EntityManager, organisationId: string, day: string, end: Date): Promise<number> {
    const kinds = Object.keys(ENGAGEMENT_WEIGHTS);
    const weights = kinds.map((k) => ENGAGEMENT_WEIGHTS[k as keyof typeof ENGAGEMENT_WEIGHTS] as number);
    const written: { graduate_id: string }[] = await manager.query(
      `INSERT INTO engagement_score (graduate_id, day, organisation_id, score, last_touch_at)
       SELECT g.id, $2::date, $1, round(least(100, 100 * coalesce(s.raw, 0) / $6)::numeric, 1)::float8, t.last_touch
         FROM graduate g
         LEFT JOIN LATERAL (
           SELECT sum(w.weight * power(0.5, extract(epoch FROM ($3::timestamptz - e.occurred_at)) / 86400 / $7)) AS raw
             FROM engagement_event e JOIN unnest($4::text[], $5::float8[]) AS w(kind, weight) ON w.kind = e.kind
            WHERE e.graduate_id = g.id AND e.occurred_at > $3::timestamptz - make_interval(days => $8) AND e.occurred_at <= $3::timestamptz
         ) s ON true
         LEFT JOIN LATERAL (
           SELECT max(e.occurred_at) AS last_touch FROM engagement_event e WHERE e.graduate_id = g.id AND e.kind = ANY($4::text[]) AND e.occurred_at <= $3::timestamptz
         ) t ON true
        WHERE g.organisation_id = $1 AND g.status = 'active'
       ON CONFLICT (graduate_id, day) DO UPDATE SET score = EXCLUDED.score, last_touch_at = EXCLUDED.last_touch_at
       RETURNING graduate_id`,
      [organisationId, day, end, kinds, weights, FULL_SCORE_RAW, HALF_LIFE_DAYS, SCORE_WINDOW_DAYS],
    );
    return written.length;
  }

  private async flags(manager: EntityManager, organisationId: string, day: string, end: Date): Promise<{ raised: number; cleared: number }> {
    const facts: FlagFacts[] = await manager.query(
      `SELECT g.id, coalesce(g.discharge_date::timestamp AT TIME ZONE 'UTC', g.created_at) AS followed_since, s.score, p.peak, s.last_touch_at,
              (SELECT array_agg(x.status ORDER BY x.due_at DESC) FROM (
                 SELECT c.status, c.due_at FROM check_in c WHERE c.graduate_id = g.id AND c.status IN ('answered', 'missed') AND c.due_at < $3
                  ORDER BY c.due_at DESC LIMIT 2) x) AS last_two,
              (SELECT max(a.created_at) FROM alert a WHERE a.graduate_id = g.id AND a.kind = 'escalation' AND a.created_at < $3) AS last_escalation,
              (SELECT coalesce(json_agg(json_build_object('id', f.id, 'rule', f.rule)), '[]'::json) FROM engagement_flag f WHERE f.graduate_id = g.id AND f.cleared_at IS NULL) AS active
         FROM graduate g
         LEFT JOIN engagement_score s ON s.graduate_id = g.id AND s.day = $2::date
         LEFT JOIN LATERAL (SELECT max(q.score) AS peak FROM engagement_score q WHERE q.graduate_id = g.id AND q.day >= $2::date - 14 AND q.day < $2::date) p ON true
        WHERE g.organisation_id = $1 AND g.status = 'active'`,
      [organisationId, day, end],
    );
    const toRaise: { graduateId: string; rule: AtRiskRule; reason: string }[] = [];
    const toClear: string[] = [];
    for (const f of facts) {
      const holding = atRiskFlags(
        {
          lastTwoCheckIns: f.last_two ?? [],
          score: f.score,
          peakScore14d: f.peak,
          lastTouchAt: f.last_touch_at,
          followedSince: f.followed_since,
          lastEscalationAt: f.last_escalation,
        },
        end,
      );
      for (const flag of holding) if (!f.active.some((a) => a.rule === flag.rule)) toRaise.push({ graduateId: f.id, ...flag });
      for (const active of f.active) if (!holding.some((h) => h.rule === active.rule)) toClear.push(active.id);
    }
    if (toClear.length) await manager.query(`UPDATE engagement_flag SET cleared_at = $2 WHERE id = ANY($1::uuid[])`, [toClear, end]);
    if (toRaise.length === 0) return { raised: 0, cleared: toClear.length };
    const flags: { id: string; graduate_id: string; rule: string; reason: string }[] = await manager.query(
      `INSERT INTO engagement_flag (organisation_id, graduate_id, rule, reason, raised_at)
       SELECT $1, g, r, why, $5 FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(g, r, why)
       RETURNING id, graduate_id, rule, reason`,
      [organisationId, toRaise.map((r) => r.graduateId), toRaise.map((r) => r.rule), toRaise.map((r) => r.reason), end],
    );
    // One alert per flag: the dedupe key names the flag, so a rule that stops and starts again alerts again, and a re-run does not.
    const alerts = await this.alerts.raiseRoutine(
      manager,
      flags.map((f) => ({ organisationId, graduateId: f.graduate_id, kind: AlertKind.AtRisk, reasons: [f.reason], dedupeKey: `at_risk:${f.id}` })),
    );
    await manager.query(
      `UPDATE engagement_flag f SET alert_id = a.id FROM unnest($1::uuid[], $2::uuid[]) AS a(flag, id) WHERE f.id = a.flag`,
      [flags.map((f) => f.id), flags.map((f) => alerts.get(`at_risk:${f.id}`) ?? null)],
    );
    return { raised: flags.length, cleared: toClear.length };
  }

  /** Checkpoints reached by the end of `day`: engaged if a touchpoint of their own fell in the 30 days ending on it. */
  private async retention(manager: EntityManager, organisationId: string, day: string): Promise<void> {
    await manager.query(
      `INSERT INTO graduate_retention (graduate_id, organisation_id) SELECT id, organisation_id FROM graduate WHERE organisation_id = $1 AND discharge_date IS NOT NULL
       ON CONFLICT (graduate_id) DO NOTHING`,
      [organisationId],
    );
    for (const n of RETENTION_DAYS) {
      await manager.query(
        `UPDATE graduate_retention r SET d${n} = EXISTS (
            SELECT 1 FROM engagement_event e
             WHERE e.graduate_id = r.graduate_id AND e.kind = ANY($3::text[])
               AND e.occurred_at >= (g.discharge_date + ${n} - 29)::timestamp AT TIME ZONE 'UTC'
               AND e.occurred_at < (g.discharge_date + ${n} + 1)::timestamp AT TIME ZONE 'UTC')
           FROM graduate g
          WHERE g.id = r.graduate_id AND r.organisation_id = $1 AND r.d${n} IS NULL AND g.discharge_date + ${n} <= $2::date`,
        [organisationId, day, ACTIVE_KINDS],
      );
    }
  }
}
