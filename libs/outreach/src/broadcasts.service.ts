import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type Channel,
  ConsentPurpose,
  DomainError,
  DomainErrorCode,
  type ErrorDetail,
  findSensitiveWords,
  type Language,
  MAX_REPLY_LENGTH,
  MessageKind,
  NotFoundError,
  SAMPLE_VARIABLES,
  type SmsSegments,
  smsSegments,
  templatePreview,
} from '@continuum/domain';
import { cancelDeliveriesAbout, DeliveryScheduler, type DeliveryRequest, MessageComposer } from '@continuum/delivery';
import { type Actor, AuditService, type Page, reachableChannel, type ReachableRow, reachableSql } from '@continuum/people';
import { BroadcastEntity, type BroadcastSegment, BroadcastStatus } from '@continuum/persistence';

export interface BroadcastInput {
  name: string;
  bodies: { en: string; es?: string | null };
  segment: BroadcastSegment;
  /** Words that could reveal treatment are refused unless this is set. */
  allowPlainWording?: boolean;
}

export interface BroadcastAudience {
  /** Graduates the segment matches. */
  matched: number;
  /** Of those, the ones who can be reached (an address and an active consent to alumni messages) and will get it. */
  recipients: number;
  bySms: number;
  byEmail: number;
}

export interface BroadcastReport {
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  cancelled: number;
  /** Recipients who opted out after it reached them. */
  optedOut: number;
  /** Recipients who texted back after it reached them. */
  replies: number;
}

export interface BroadcastView {
  id: string;
  name: string;
  bodies: { en: string; es: string | null };
  segment: BroadcastSegment;
  status: BroadcastStatus;
  sendAt: string | null;
  recipients: number | null;
  createdAt: string;
  /** For a draft: who it would reach now. */
  audience: BroadcastAudience | null;
  /** How each language's SMS would read, with sample names. */
  preview: Record<Language, { text: string; segments: SmsSegments }> | null;
  /** Once sent: where its messages stand. */
  report: BroadcastReport | null;
}

interface RecipientRow extends ReachableRow {
  id: string;
  language: Language;
}

const MAX_SEND_DELAY_MS = 30 * 86_400_000;

/**
 * Broadcasts: one message to a segment of alumni (program, cohort, status, risk, engagement score,
 * meeting attendance), in each recipient's language, to those who consented to alumni messages
 * (`meeting_invites`) on a channel they can be reached on. A draft shows the count and a preview;
 * sending writes one delivery per recipient through the engine, so every send-time rule applies;
 * cancelling stops what has not gone yet.
 */
@Injectable()
export class BroadcastsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
    private readonly composer: MessageComposer,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: BroadcastInput): Promise<BroadcastView> {
    await this.check(actor, input);
    const saved = await this.dataSource.getRepository(BroadcastEntity).save({
      organisationId: actor.organisationId,
      createdBy: actor.userId,
      name: input.name.trim(),
      bodies: { en: input.bodies.en.trim(), es: input.bodies.es?.trim() || null },
      segment: input.segment,
    });
    await this.audit.record(actor, 'broadcast.create', { type: 'broadcast', id: saved.id });
    return this.get(actor, saved.id);
  }

  async list(actor: Actor, page: number, pageSize: number): Promise<Page<Omit<BroadcastView, 'audience' | 'preview' | 'report'>>> {
    const [rows, total] = await this.dataSource.getRepository(BroadcastEntity).findAndCount({
      where: { organisationId: actor.organisationId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map((b) => base(b)), page, pageSize, total };
  }

  async get(actor: Actor, id: string): Promise<BroadcastView> {
    const broadcast = await this.find(this.dataSource.manager, actor, id);
    if (broadcast.status === BroadcastStatus.Draft) {
      const recipients = await this.recipients(this.dataSource.manager, actor.organisationId, broadcast.segment);
      const preview = {} as NonNullable<BroadcastView['preview']>;
      for (const language of ['en', 'es'] as const) {
        const message = (language === 'es' ? broadcast.bodies.es : null) ?? broadcast.bodies.en;
        // The organisation's own wording when it has one, as the recipients will get it.
        const template = await this.composer.templateFor(this.dataSource.manager, actor.organisationId, MessageKind.BroadcastMessage, 'sms', language);
        const text = templatePreview(MessageKind.BroadcastMessage, 'sms', template.body, { ...SAMPLE_VARIABLES, message }).text;
        preview[language] = { text, segments: smsSegments(text) };
      }
      return { ...base(broadcast), audience: audienceOf(recipients.matched, recipients.rows), preview, report: null };
    }
    return { ...base(broadcast), audience: null, preview: null, report: await this.report(broadcast) };
  }

  /** Writes one delivery per recipient now (for `sendAt`, or at once) and queues what is due within the hour. */
  async send(actor: Actor, id: string, sendAt: Date | null, now = new Date()): Promise<BroadcastView> {
    if (sendAt && (sendAt.getTime() < now.getTime() - 60_000 || sendAt.getTime() > now.getTime() + MAX_SEND_DELAY_MS)) {
      throw new DomainError(DomainErrorCode.Invalid, 'Broadcast not sent', [{ field: 'sendAt', reason: 'must be from now to 30 days ahead' }]);
    }
    const deliveries = await this.dataSource.transaction(async (manager) => {
      const broadcast = await this.find(manager, actor, id, true);
      if (broadcast.status !== BroadcastStatus.Draft) throw new DomainError(DomainErrorCode.Conflict, `This broadcast is already ${broadcast.status}`);
      const { rows } = await this.recipients(manager, actor.organisationId, broadcast.segment);
      const dueAt = sendAt ?? now;
      const requests: DeliveryRequest[] = rows.map((r) => ({
        organisationId: actor.organisationId,
        graduateId: r.id,
        channel: reachableChannel(r) as Channel,
        purpose: ConsentPurpose.MeetingInvites,
        kind: MessageKind.BroadcastMessage,
        idempotencyKey: `broadcast:${broadcast.id}:${r.id}`,
        subjectId: broadcast.id,
        variables: { message: (r.language === 'es' ? broadcast.bodies.es : null) ?? broadcast.bodies.en },
        dueAt,
        // News that cannot go within two days (quiet hours, caps) is stale: it is dropped, not sent late.
        notAfter: new Date(dueAt.getTime() + 2 * 86_400_000),
      }));
      const scheduled = await this.deliveries.add(manager, requests);
      await manager.update(BroadcastEntity, { id }, { status: BroadcastStatus.Scheduled, sendAt: dueAt, recipients: requests.length });
      await this.audit.record(actor, 'broadcast.send', { type: 'broadcast', id }, { count: requests.length }, manager);
      return scheduled;
    });
    await this.deliveries.enqueue(deliveries);
    return this.get(actor, id);
  }

  /** Stops every message of the broadcast that has not gone to a provider yet. */
  async cancel(actor: Actor, id: string, now = new Date()): Promise<BroadcastView> {
    await this.dataSource.transaction(async (manager) => {
      const broadcast = await this.find(manager, actor, id, true);
      if (broadcast.status === BroadcastStatus.Cancelled) return;
      const cancelled = await cancelDeliveriesAbout(manager, { organisationId: actor.organisationId, subjectIds: [id], kinds: [MessageKind.BroadcastMessage] }, 'broadcast_cancelled');
      await manager.update(BroadcastEntity, { id }, { status: BroadcastStatus.Cancelled, cancelledAt: now });
      await this.audit.record(actor, 'broadcast.cancel', { type: 'broadcast', id }, { count: cancelled.length }, manager);
    });
    return this.get(actor, id);
  }

  private async report(broadcast: BroadcastEntity): Promise<BroadcastReport> {
    const counts: { status: string; n: number }[] = await this.dataSource.query(`SELECT status, count(*)::int AS n FROM delivery WHERE subject_id = $1 GROUP BY status`, [broadcast.id]);
    const by = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
    const [after]: { opted_out: number; replies: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(DISTINCT e.graduate_id) FROM engagement_event e JOIN delivery d ON d.graduate_id = e.graduate_id
                WHERE d.subject_id = $1 AND d.submitted_at IS NOT NULL AND e.kind = 'message.opted_out' AND e.occurred_at >= d.submitted_at)::int AS opted_out,
              (SELECT count(DISTINCT m.graduate_id) FROM conversation_message m JOIN delivery d ON d.graduate_id = m.graduate_id
                WHERE d.subject_id = $1 AND d.submitted_at IS NOT NULL AND m.direction = 'in' AND m.created_at >= d.submitted_at)::int AS replies`,
      [broadcast.id],
    );
    return {
      pending: by('pending') + by('submitting') + by('unknown'),
      sent: by('sent'),
      delivered: by('delivered'),
      failed: by('failed'),
      cancelled: by('cancelled'),
      optedOut: after.opted_out,
      replies: after.replies,
    };
  }

  /** The segment's graduates, and which of them can be reached on a channel they consented to alumni messages on. */
  private async recipients(manager: EntityManager, organisationId: string, segment: BroadcastSegment): Promise<{ matched: number; rows: RecipientRow[] }> {
    const where = ['g.organisation_id = $1', 'g.status = $2'];
    const params: unknown[] = [organisationId, segment.status ?? 'active'];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (segment.programId) add((n) => `g.program_id = $${n}`, segment.programId);
    if (segment.dischargedFrom) add((n) => `g.discharge_date >= $${n}::date`, segment.dischargedFrom);
    if (segment.dischargedTo) add((n) => `g.discharge_date <= $${n}::date`, segment.dischargedTo);
    if (segment.risk === 'at_risk') where.push(`EXISTS (SELECT 1 FROM alert a WHERE a.graduate_id = g.id AND a.status IN ('open', 'acknowledged'))`);
    if (segment.risk === 'urgent') where.push(`EXISTS (SELECT 1 FROM alert a WHERE a.graduate_id = g.id AND a.status = 'open' AND a.urgency = 'urgent')`);
    const score = `coalesce((SELECT s.score FROM engagement_score s WHERE s.graduate_id = g.id ORDER BY s.day DESC LIMIT 1), 0)`;
    if (segment.scoreMin !== undefined && segment.scoreMin !== null) add((n) => `${score} >= $${n}`, segment.scoreMin);
    if (segment.scoreMax !== undefined && segment.scoreMax !== null) add((n) => `${score} <= $${n}`, segment.scoreMax);
    if (segment.attendedSince) {
      add((n) => `EXISTS (SELECT 1 FROM meeting_invitation i WHERE i.graduate_id = g.id AND i.attendance = 'attended' AND i.attendance_at >= $${n}::date)`, segment.attendedSince);
    }
    const reach = reachableSql(ConsentPurpose.MeetingInvites);
    const rows: (RecipientRow & { id: string })[] = await manager.query(
      `SELECT g.id, g.language, g.preferred_channels, ${reach.columns} FROM graduate g ${reach.joins} WHERE ${where.join(' AND ')} ORDER BY g.id`,
      params,
    );
    return { matched: rows.length, rows: rows.filter((r) => reachableChannel(r) !== null) };
  }

  private async check(actor: Actor, input: BroadcastInput): Promise<void> {
    const problems: ErrorDetail[] = [];
    if (!input.name.trim()) problems.push({ field: 'name', reason: 'must not be empty' });
    for (const language of ['en', 'es'] as const) {
      const body = input.bodies[language]?.trim() ?? '';
      if (language === 'en' && !body) problems.push({ field: 'bodies.en', reason: 'must not be empty' });
      if (body.length > MAX_REPLY_LENGTH) problems.push({ field: `bodies.${language}`, reason: `must be at most ${MAX_REPLY_LENGTH} characters` });
      if (!input.allowPlainWording) {
        for (const word of findSensitiveWords(body)) {
          problems.push({ field: `bodies.${language}`, reason: `uses the word "${word}", which could reveal treatment to anyone who sees the screen` });
        }
      }
    }
    const { dischargedFrom: from, dischargedTo: to, scoreMin, scoreMax, programId } = input.segment;
    if (from && to && from > to) problems.push({ field: 'segment.dischargedTo', reason: 'must not be before dischargedFrom' });
    if (scoreMin != null && scoreMax != null && scoreMin > scoreMax) problems.push({ field: 'segment.scoreMax', reason: 'must not be below scoreMin' });
    if (programId) {
      const found: unknown[] = await this.dataSource.query(`SELECT 1 FROM program WHERE id = $1 AND organisation_id = $2`, [programId, actor.organisationId]);
      if (found.length === 0) problems.push({ field: 'segment.programId', reason: 'is not a program of this organisation' });
    }
    if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Broadcast not saved', problems);
  }

  private async find(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<BroadcastEntity> {
    const broadcast = await manager.findOne(BroadcastEntity, { where: { id, organisationId: actor.organisationId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!broadcast) throw new NotFoundError('Broadcast');
    return broadcast;
  }
}

function audienceOf(matched: number, rows: RecipientRow[]): BroadcastAudience {
  const channels = rows.map((r) => reachableChannel(r));
  return { matched, recipients: rows.length, bySms: channels.filter((c) => c === 'sms').length, byEmail: channels.filter((c) => c === 'email').length };
}

function base(b: BroadcastEntity): Omit<BroadcastView, 'audience' | 'preview' | 'report'> {
  return {
    id: b.id,
    name: b.name,
    bodies: { en: b.bodies.en, es: b.bodies.es ?? null },
    segment: b.segment,
    status: b.status,
    sendAt: b.sendAt?.toISOString() ?? null,
    recipients: b.recipients,
    createdAt: b.createdAt.toISOString(),
  };
}
