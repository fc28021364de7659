import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type Actor, AuditService } from '@continuum/people';
import { RETENTION_DAYS } from './engagement-rollup';

export type ReportGroup = 'organisation' | 'program' | 'cohort';

export interface RatesQuery {
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  programId?: string;
  /** `YYYY-MM`: graduates discharged that month. */
  cohort?: string;
  groupBy: ReportGroup;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, to 4 places; null when nothing was counted. */
  rate: number | null;
}

export interface RatesRow {
  /** The program id, the cohort month (`YYYY-MM`) or `all`; `none` for graduates without one. */
  group: string;
  checkInResponse: Rate;
  meetingAttendance: Rate;
  familySessionAttendance: Rate;
  deliveryFailure: Rate;
  optOut: Rate;
}

export interface RetentionQuery {
  /** Discharged on or after / on or before (dates). */
  dischargedFrom: string;
  dischargedTo: string;
  programId?: string;
}

export interface RetentionRow {
  cohort: string;
  graduates: number;
  /** Per checkpoint: graduates who reached it, how many were still engaged, and the share. */
  days: Record<`d${(typeof RETENTION_DAYS)[number]}`, Rate>;
}

/**
 * The rate definitions (docs/engagement.md), each a ratio of rollup counts over the range:
 * check-in response = answered ÷ (answered + missed); meeting and family-session attendance =
 * attended ÷ (attended + no-show); delivery failure = failed ÷ (sent + failed); opt-out =
 * opt-outs ÷ messages sent.
 */
const RATES: Record<Exclude<keyof RatesRow, 'group'>, { numerator: string[]; denominator: string[] }> = {
  checkInResponse: { numerator: ['check_in.answered'], denominator: ['check_in.answered', 'check_in.missed'] },
  meetingAttendance: { numerator: ['meeting.attended'], denominator: ['meeting.attended', 'meeting.no_show'] },
  familySessionAttendance: { numerator: ['family_session.attended'], denominator: ['family_session.attended', 'family_session.no_show'] },
  deliveryFailure: { numerator: ['message.failed'], denominator: ['message.sent', 'message.failed'] },
  optOut: { numerator: ['message.opted_out'], denominator: ['message.sent'] },
};

/** The column a report groups by, and how its value is written: after grouping, so the formatting runs once per group. */
const GROUP_SQL: Record<ReportGroup, { column: string; label: string }> = {
  organisation: { column: 'NULL::text', label: `'all'` },
  program: { column: 'program_id', label: `coalesce(x.g::text, 'none')` },
  cohort: { column: 'cohort_month', label: `coalesce(to_char(x.g, 'YYYY-MM'), 'none')` },
};

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

/** Reports per organisation, program and cohort, from the rollup tables; CSV exports stream from a cursor. */
@Injectable()
export class EngagementReports {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async rates(actor: Actor, query: RatesQuery): Promise<RatesRow[]> {
    const params: unknown[] = [actor.organisationId, query.from, query.to];
    let filter = '';
    if (query.programId) {
      params.push(query.programId);
      filter += ` AND program_id = $${params.length}`;
    }
    if (query.cohort) {
      params.push(`${query.cohort}-01`);
      filter += ` AND cohort_month = $${params.length}::date`;
    }
    const rows: { grp: string; kind: string; events: number }[] = await this.dataSource.query(
      `SELECT ${GROUP_SQL[query.groupBy].label} AS grp, x.kind, x.events FROM (
         SELECT ${GROUP_SQL[query.groupBy].column} AS g, kind, sum(events)::int AS events FROM engagement_rollup
          WHERE organisation_id = $1 AND day >= $2::date AND day <= $3::date${filter}
          GROUP BY 1, 2) x
        ORDER BY 1`,
      params,
    );
    await this.audit.record(actor, 'report.rates', { type: 'report', id: null }, { groupBy: query.groupBy });
    const groups = [...new Set(rows.map((r) => r.grp))];
    if (groups.length === 0 && query.groupBy === 'organisation') groups.push('all');
    return groups.map((group) => {
      const count = (kinds: string[]) => rows.filter((r) => r.grp === group && kinds.includes(r.kind)).reduce((sum, r) => sum + r.events, 0);
      const entries = Object.entries(RATES).map(([name, def]) => [name, rate(count(def.numerator), count(def.denominator))]);
      return { group, ...Object.fromEntries(entries) } as RatesRow;
    });
  }

  async retention(actor: Actor, query: RetentionQuery): Promise<RetentionRow[]> {
    const params: unknown[] = [actor.organisationId, query.dischargedFrom, query.dischargedTo];
    let filter = '';
    if (query.programId) {
      params.push(query.programId);
      filter = ` AND g.program_id = $${params.length}`;
    }
    const columns = RETENTION_DAYS.map((n) => `count(r.d${n})::int AS e${n}, (count(*) FILTER (WHERE r.d${n}))::int AS k${n}`).join(', ');
    const rows: Record<string, number | string>[] = await this.dataSource.query(
      `SELECT to_char(date_trunc('month', g.discharge_date), 'YYYY-MM') AS cohort, count(*)::int AS graduates, ${columns}
         FROM graduate g LEFT JOIN graduate_retention r ON r.graduate_id = g.id
        WHERE g.organisation_id = $1 AND g.discharge_date >= $2::date AND g.discharge_date <= $3::date${filter}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    await this.audit.record(actor, 'report.retention', { type: 'report', id: null });
    return rows.map((r) => ({
      cohort: String(r.cohort),
      graduates: Number(r.graduates),
      days: Object.fromEntries(RETENTION_DAYS.map((n) => [`d${n}`, rate(Number(r[`k${n}`]), Number(r[`e${n}`]))])) as RetentionRow['days'],
    }));
  }

  /**
   * Every touchpoint in a time range, as CSV rows streamed from a database cursor: 100,000 rows
   * never sit in memory. Ids, kinds and times only (payloads may hold scores; names stay out).
   * `release` must be called when the stream ends or the client goes away.
   */
  async eventsCsv(actor: Actor, range: { from: Date; to: Date }): Promise<{ stream: Readable; release: () => Promise<void> }> {
    await this.audit.record(actor, 'report.events_export', { type: 'report', id: null });
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    const rows = await runner.stream(
      `SELECT e.occurred_at, e.graduate_id, g.external_id, e.kind, e.ref_id FROM engagement_event e JOIN graduate g ON g.id = e.graduate_id
        WHERE e.organisation_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 ORDER BY e.occurred_at, e.id`,
      [actor.organisationId, range.from, range.to],
    );
    return { stream: rows, release: () => runner.release() };
  }
}

export const EVENT_CSV_HEADER = ['occurredAt', 'graduateId', 'externalId', 'kind', 'refId'] as const;

/** One CSV line: quoted where needed (RFC 4180), and a leading =, +, - or @ defused so a spreadsheet never runs it. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values
    .map((v) => {
      if (v === null || v === undefined) return '';
      let text = String(v);
      if (/^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}
