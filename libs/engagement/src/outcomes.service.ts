import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ACTIVE_KINDS,
  FOLLOW_UP_TARGET,
  followUpRate,
  followUpStatus,
  type FollowUpStatus,
} from '@continuum/domain';
import { type Actor, AuditService } from '@continuum/people';
import { followUpWindowSql, INTAKE_SQL } from './follow-up-sql';

export interface CohortFilter {
  dischargedFrom: string;
  dischargedTo: string;
  programId?: string;
}

export interface FollowUpRow {
  graduateId: string;
  externalId: string | null;
  firstName: string;
  intake: string;
  opens: string;
  closes: string;
  status: FollowUpStatus;
  reachedAt: string | null;
}

export interface FollowUpReport {
  counts: Record<FollowUpStatus, number>;
  /** Reached ÷ (reached + missed). */
  rate: number | null;
  target: number;
  graduates: FollowUpRow[];
}

export interface InstrumentChange {
  /** Graduates with at least two scores. */
  graduates: number;
  firstMean: number | null;
  latestMean: number | null;
  /** latest − first, averaged; negative is better for PHQ-9, GAD-7 and BAM use and risk, positive for BAM protective. */
  meanChange: number | null;
}

export interface OutcomesReport {
  graduates: number;
  /** Graduates who answered whether they used, in the 30 days before `asOf`. */
  useReported: number;
  /** Of those, how many said no every time. */
  noUse: number;
  noUseShare: number | null;
  instruments: Record<'phq9' | 'gad7' | 'bamUse' | 'bamRisk' | 'bamProtective', InstrumentChange>;
}

/** Where each instrument's number sits in `check_in_answer.score`. */
const MEASURES: Record<keyof OutcomesReport['instruments'], { instrument: string; path: string }> = {
  phq9: { instrument: 'phq9', path: `(a.score->>'total')::float8` },
  gad7: { instrument: 'gad7', path: `(a.score->>'total')::float8` },
  bamUse: { instrument: 'bam', path: `(a.score->'subscales'->>'use')::float8` },
  bamRisk: { instrument: 'bam', path: `(a.score->'subscales'->>'risk')::float8` },
  bamProtective: { instrument: 'bam', path: `(a.score->'subscales'->>'protective')::float8` },
};

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

/**
 * Outcomes for funders: each graduate's 6-month follow-up window (5–8 months after intake) and
 * whether it was met, and what graduates report: no use in the last 30 days, and instrument
 * scores from first to latest.
 */
@Injectable()
export class EngagementOutcomes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async followUp(actor: Actor, filter: CohortFilter, today = new Date().toISOString().slice(0, 10)): Promise<FollowUpReport> {
    const { sql, params } = cohortWhere(actor, filter);
    const window = followUpWindowSql(INTAKE_SQL);
    const rows: { id: string; external_id: string | null; first_name: string; intake: string; opens: string; closes: string; reached_at: Date | null }[] = await this.dataSource.query(
      `SELECT w.id, w.external_id, w.first_name, w.intake, to_char(w.opens, 'YYYY-MM-DD') AS opens, to_char(w.closes, 'YYYY-MM-DD') AS closes, (SELECT min(e.occurred_at) FROM engagement_event e
                     WHERE e.graduate_id = w.id AND e.kind = ANY($${params.length + 1}::text[])
                       AND e.occurred_at >= w.opens::timestamp AT TIME ZONE 'UTC' AND e.occurred_at < (w.closes + 1)::timestamp AT TIME ZONE 'UTC') AS reached_at
         FROM (SELECT g.id, g.external_id, g.first_name, to_char(${INTAKE_SQL}, 'YYYY-MM-DD') AS intake,
                      ${window.opens} AS opens, ${window.closes} AS closes
                 FROM graduate g WHERE ${sql} AND ${INTAKE_SQL} IS NOT NULL) w
        ORDER BY w.opens, w.id`,
      [...params, ACTIVE_KINDS],
    );
    await this.audit.record(actor, 'report.follow_up', { type: 'report', id: null });
    const counts: Record<FollowUpStatus, number> = { not_due: 0, open: 0, reached: 0, missed: 0 };
    const graduates = rows.map((r) => {
      const window = { opens: r.opens, closes: r.closes };
      const status = followUpStatus(window, r.reached_at, today);
      counts[status] += 1;
      return { graduateId: r.id, externalId: r.external_id, firstName: r.first_name, intake: r.intake, ...window, status, reachedAt: r.reached_at ? new Date(r.reached_at).toISOString() : null };
    });
    return { counts, rate: followUpRate(counts), target: FOLLOW_UP_TARGET, graduates };
  }

  async outcomes(actor: Actor, filter: CohortFilter, asOf = new Date()): Promise<OutcomesReport> {
    const { sql, params } = cohortWhere(actor, filter);
    const n = params.length;
    const [use]: { graduates: number; reported: number; no_use: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS graduates, count(u.any_answer)::int AS reported, (count(*) FILTER (WHERE u.any_answer AND NOT u.any_use))::int AS no_use
         FROM graduate g
         LEFT JOIN LATERAL (
           SELECT true AS any_answer, bool_or(a.used_since_last) AS any_use FROM check_in_answer a
            WHERE a.graduate_id = g.id AND a.used_since_last IS NOT NULL AND a.answered_at > $${n + 1}::timestamptz - interval '30 days' AND a.answered_at <= $${n + 1}
           HAVING count(*) > 0
         ) u ON true
        WHERE ${sql}`,
      [...params, asOf],
    );
    const instruments = {} as OutcomesReport['instruments'];
    for (const [name, measure] of Object.entries(MEASURES) as [keyof OutcomesReport['instruments'], (typeof MEASURES)['phq9']][]) {
      const [row]: { graduates: number; first_mean: number | null; latest_mean: number | null; mean_change: number | null }[] = await this.dataSource.query(
        `SELECT count(*)::int AS graduates, avg(s.first) AS first_mean, avg(s.latest) AS latest_mean, avg(s.latest - s.first) AS mean_change
           FROM graduate g
           JOIN LATERAL (
             SELECT (array_agg(${measure.path} ORDER BY a.answered_at))[1] AS first,
                    (array_agg(${measure.path} ORDER BY a.answered_at DESC))[1] AS latest
               FROM check_in_answer a
              WHERE a.graduate_id = g.id AND a.instrument = $${n + 1} AND a.score IS NOT NULL AND a.answered_at <= $${n + 2}
             HAVING count(*) >= 2
           ) s ON true
          WHERE ${sql}`,
        [...params, measure.instrument, asOf],
      );
      instruments[name] = { graduates: row.graduates, firstMean: round2(row.first_mean), latestMean: round2(row.latest_mean), meanChange: round2(row.mean_change) };
    }
    await this.audit.record(actor, 'report.outcomes', { type: 'report', id: null });
    return {
      graduates: use.graduates,
      useReported: use.reported,
      noUse: use.no_use,
      noUseShare: use.reported === 0 ? null : Math.round((use.no_use / use.reported) * 10_000) / 10_000,
      instruments,
    };
  }
}

function cohortWhere(actor: Actor, filter: CohortFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.organisationId, filter.dischargedFrom, filter.dischargedTo];
  let sql = `g.organisation_id = $1 AND g.discharge_date >= $2::date AND g.discharge_date <= $3::date`;
  if (filter.programId) {
    params.push(filter.programId);
    sql += ` AND g.program_id = $${params.length}`;
  }
  return { sql, params };
}
