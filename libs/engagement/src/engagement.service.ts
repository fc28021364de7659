import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, AuditService, findGraduate, type Page } from '@continuum/people';

export interface TimelineQuery {
  kinds?: string[];
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  occurredAt: string;
  refId: string | null;
  payload: Record<string, unknown>;
}

export interface EngagementView {
  /** The latest daily snapshot, or null before the first nightly rollup. */
  score: number | null;
  day: string | null;
  lastTouchAt: string | null;
  /** Daily snapshots, oldest first, to draw as a line. */
  history: { day: string; score: number }[];
  flags: { rule: string; reason: string; raisedAt: string }[];
}

const HISTORY_DAYS = 180;

/** One graduate's engagement: the timeline of touchpoints, the score with its history, the flags raised. */
@Injectable()
export class EngagementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, paginated, optionally by kind and time range; read from the graduate's index on the event table. */
  async timeline(actor: Actor, graduateId: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const where = [`graduate_id = $1`, `organisation_id = $2`];
    const params: unknown[] = [graduateId, actor.organisationId];
    if (query.kinds?.length) {
      params.push(query.kinds);
      where.push(`kind = ANY($${params.length}::text[])`);
    }
    if (query.from) {
      params.push(query.from);
      where.push(`occurred_at >= $${params.length}`);
    }
    if (query.to) {
      params.push(query.to);
      where.push(`occurred_at < $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM engagement_event WHERE ${filter}`, params);
    const rows: { id: string; kind: string; occurred_at: Date; ref_id: string | null; payload: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT id, kind, occurred_at, ref_id, payload FROM engagement_event WHERE ${filter} ORDER BY occurred_at DESC, id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    await this.audit.record(actor, 'graduate.timeline', { type: 'graduate', id: graduateId });
    return {
      items: rows.map((r) => ({ id: String(r.id), kind: r.kind, occurredAt: new Date(r.occurred_at).toISOString(), refId: r.ref_id, payload: r.payload })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  async engagement(actor: Actor, graduateId: string): Promise<EngagementView> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const history: { day: string; score: number; last_touch_at: Date | null }[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, score, last_touch_at FROM engagement_score
        WHERE graduate_id = $1 AND organisation_id = $2 ORDER BY day DESC LIMIT ${HISTORY_DAYS}`,
      [graduateId, actor.organisationId],
    );
    const flags: { rule: string; reason: string; raised_at: Date }[] = await this.dataSource.query(
      `SELECT rule, reason, raised_at FROM engagement_flag WHERE graduate_id = $1 AND organisation_id = $2 AND cleared_at IS NULL ORDER BY raised_at, rule`,
      [graduateId, actor.organisationId],
    );
    await this.audit.record(actor, 'graduate.engagement', { type: 'graduate', id: graduateId });
    const latest = history[0];
    return {
      score: latest?.score ?? null,
      day: latest?.day ?? null,
      lastTouchAt: latest?.last_touch_at ? new Date(latest.last_touch_at).toISOString() : null,
      history: history.reverse().map((h) => ({ day: h.day, score: h.score })),
      flags: flags.map((f) => ({ rule: f.rule, reason: f.reason, raisedAt: new Date(f.raised_at).toISOString() })),
    };
  }
}
