import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode, MessageKind, NotFoundError } from '@continuum/domain';
import { DeliveryScheduler, type DeliveryRequest, type ScheduledDelivery } from '@continuum/delivery';
import {
  AlertEntity,
  type AlertKind,
  AlertNoteEntity,
  AlertStatus,
  appendEngagementEvents,
  GraduateEntity,
  OrganisationEntity,
  StaffUserEntity,
} from '@continuum/persistence';
import { type Actor, AuditService } from '@continuum/people';

export interface RaiseAlert {
  organisationId: string;
  graduateId: string;
  checkInId: string | null;
  kind: AlertKind;
  urgency: 'urgent' | 'routine';
  reasons: string[];
  /** One alert per cause: raising the same key again does nothing. */
  dedupeKey: string;
}

export interface AlertView {
  id: string;
  graduateId: string;
  checkInId: string | null;
  kind: AlertKind;
  urgency: 'urgent' | 'routine';
  reasons: string[];
  status: AlertStatus;
  ownerId: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface AlertNoteView {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export interface AlertQuery {
  status?: AlertStatus;
  graduateId?: string;
  ownerId?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Work for coordinators. An alert goes to the graduate's coordinator (or, with none, the on-call
 * coordinator); an urgent one also pages the on-call coordinator at once by SMS and email, as
 * urgent deliveries that skip quiet hours and caps. Pages say only that an alert is waiting.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
    private readonly audit: AuditService,
  ) {}

  /** In the caller's transaction; returns the pages to queue after commit (none if the alert existed). */
  async raise(manager: EntityManager, alert: RaiseAlert): Promise<{ alert: AlertEntity | null; pages: ScheduledDelivery[] }> {
    // One after the other: both run on the transaction's one connection, which takes one query at a time.
    const graduate = await manager.findOneOrFail(GraduateEntity, { select: { id: true, coordinatorId: true }, where: { id: alert.graduateId } });
    const organisation = await manager.findOneOrFail(OrganisationEntity, { select: { id: true, onCallStaffId: true }, where: { id: alert.organisationId } });
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO alert (organisation_id, graduate_id, check_in_id, kind, urgency, reasons, dedupe_key, owner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (organisation_id, dedupe_key) DO NOTHING RETURNING id`,
      [alert.organisationId, alert.graduateId, alert.checkInId, alert.kind, alert.urgency, alert.reasons, alert.dedupeKey, graduate.coordinatorId ?? organisation.onCallStaffId],
    );
    if (inserted.length === 0) return { alert: null, pages: [] };
    const saved = await manager.findOneByOrFail(AlertEntity, { id: inserted[0].id });
    await appendEngagementEvents(manager, [
      { organisationId: alert.organisationId, graduateId: alert.graduateId, kind: 'alert.raised', refId: saved.id, payload: { kind: alert.kind, urgency: alert.urgency } },
    ]);
    const pages = alert.urgency === 'urgent' ? await this.page(manager, saved, [organisation.onCallStaffId, graduate.coordinatorId]) : [];
    return { alert: saved, pages };
  }

  /**
   * Many routine alerts at once (the nightly at-risk flags): one INSERT, owners as `raise` picks
   * them (the graduate's coordinator, else the on-call one), an `alert.raised` event each, no pages.
   * Returns the new alerts' ids by dedupe key; keys that existed are left out.
   */
  async raiseRoutine(manager: EntityManager, alerts: Omit<RaiseAlert, 'urgency' | 'checkInId'>[]): Promise<Map<string, string>> {
    if (alerts.length === 0) return new Map();
    const inserted: { id: string; dedupe_key: string; graduate_id: string; organisation_id: string; kind: string }[] = await manager.query(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, owner_id)
       SELECT a.o, a.g, a.k, 'routine', ARRAY[a.r], a.d, coalesce(g.coordinator_id, o.on_call_staff_id)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS a(o, g, k, r, d)
         JOIN graduate g ON g.id = a.g JOIN organisation o ON o.id = a.o
       ON CONFLICT (organisation_id, dedupe_key) DO NOTHING
       RETURNING id, dedupe_key, graduate_id, organisation_id, kind`,
      [alerts.map((a) => a.organisationId), alerts.map((a) => a.graduateId), alerts.map((a) => a.kind), alerts.map((a) => a.reasons.join('; ')), alerts.map((a) => a.dedupeKey)],
    );
    await appendEngagementEvents(
      manager,
      inserted.map((r) => ({ organisationId: r.organisation_id, graduateId: r.graduate_id, kind: 'alert.raised' as const, refId: r.id, payload: { kind: r.kind, urgency: 'routine' } })),
    );
    return new Map(inserted.map((r) => [r.dedupe_key, r.id]));
  }

  async list(actor: Actor, query: AlertQuery): Promise<{ items: (AlertView & { firstName: string | null })[]; total: number; page: number; pageSize: number }> {
    const qb = this.dataSource.getRepository(AlertEntity).createQueryBuilder('a').where('a.organisation_id = :org', { org: actor.organisationId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.graduateId) qb.andWhere('a.graduate_id = :graduateId', { graduateId: query.graduateId });
    if (query.ownerId) qb.andWhere('a.owner_id = :ownerId', { ownerId: query.ownerId });
    if (query.mine) qb.andWhere('a.owner_id = :me', { me: actor.userId });
    const total = await qb.getCount();
    const rows = await qb
      .orderBy(`CASE a.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END`)
      .addOrderBy(`CASE a.urgency WHEN 'urgent' THEN 0 ELSE 1 END`)
      .addOrderBy('a.created_at', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getMany();
    await this.audit.record(actor, 'alert.list', { type: 'alert', id: null }, { filters: Object.keys(query).filter((k) => !['page', 'pageSize'].includes(k)) });
    const names = await firstNames(this.dataSource.manager, rows.map((a) => a.graduateId));
    return { items: rows.map((a) => ({ ...toView(a), firstName: names.get(a.graduateId) ?? null })), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<AlertView & { notes: AlertNoteView[] }> {
    const alert = await this.find(this.dataSource.manager, actor, id);
    const notes = await this.dataSource.getRepository(AlertNoteEntity).find({ where: { alertId: id }, order: { createdAt: 'ASC' } });
    await this.audit.record(actor, 'alert.read', { type: 'alert', id });
    return { ...toView(alert), notes: notes.map(toNoteView) };
  }

  /** Acknowledge, resolve (or reopen), or give to another coordinator. */
  async update(actor: Actor, id: string, changes: { status?: AlertStatus; ownerId?: string | null }): Promise<AlertView> {
    return this.dataSource.transaction(async (manager) => {
      const alert = await this.find(manager, actor, id, true);
      if (changes.ownerId) {
        const owner = await manager.findOneBy(StaffUserEntity, { id: changes.ownerId, organisationId: actor.organisationId });
        if (!owner || owner.disabledAt) throw new DomainError(DomainErrorCode.Invalid, 'Alert not changed', [{ field: 'ownerId', reason: 'is not an active staff member of this organisation' }]);
      }
      const now = new Date();
      const before = alert.status;
      if (changes.ownerId !== undefined) alert.ownerId = changes.ownerId;
      if (changes.status && changes.status !== before) {
        alert.status = changes.status;
        if (changes.status === AlertStatus.Acknowledged) alert.acknowledgedAt = alert.acknowledgedAt ?? now;
        if (changes.status === AlertStatus.Resolved) {
          alert.acknowledgedAt = alert.acknowledgedAt ?? now;
          alert.resolvedAt = now;
        }
        if (changes.status === AlertStatus.Open) alert.resolvedAt = null;
      }
      await manager.save(alert);
      if (alert.status === AlertStatus.Resolved && before !== AlertStatus.Resolved) {
        await appendEngagementEvents(manager, [
          { organisationId: alert.organisationId, graduateId: alert.graduateId, kind: 'alert.resolved', refId: alert.id, payload: { kind: alert.kind } },
        ]);
      }
      await this.audit.record(actor, 'alert.update', { type: 'alert', id }, { fields: Object.keys(changes) }, manager);
      return toView(alert);
    });
  }

  async addNote(actor: Actor, id: string, body: string): Promise<AlertNoteView> {
    return this.dataSource.transaction(async (manager) => {
      await this.find(manager, actor, id);
      const note = await manager.save(manager.create(AlertNoteEntity, { alertId: id, authorId: actor.userId, body: body.trim() }));
      await this.audit.record(actor, 'alert.note', { type: 'alert', id }, {}, manager);
      return toNoteView(note);
    });
  }

  private async page(manager: EntityManager, alert: AlertEntity, candidates: (string | null)[]): Promise<ScheduledDelivery[]> {
    const staffId = candidates.find((id): id is string => !!id);
    if (!staffId) return [];
    const staff = await manager.findOneBy(StaffUserEntity, { id: staffId, organisationId: alert.organisationId });
    if (!staff || staff.disabledAt) return [];
    const requests: DeliveryRequest[] = [];
    for (const channel of ['sms', 'email'] as const) {
      if (channel === 'sms' && !staff.phone) continue;
      requests.push({
        organisationId: alert.organisationId,
        graduateId: alert.graduateId,
        staffUserId: staff.id,
        channel,
        purpose: 'check_ins',
        kind: MessageKind.AlertPage,
        priority: 'urgent',
        idempotencyKey: `alert-page:${alert.id}:${staff.id}:${channel}`,
        dueAt: new Date(),
      });
    }
    return this.deliveries.add(manager, requests);
  }

  private async find(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<AlertEntity> {
    const alert = await manager.findOne(AlertEntity, {
      where: { organisationId: actor.organisationId, id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!alert) throw new NotFoundError('Alert');
    return alert;
  }
}

function toView(a: AlertEntity): AlertView {
  return {
    id: a.id,
    graduateId: a.graduateId,
    checkInId: a.checkInId,
    kind: a.kind,
    urgency: a.urgency,
    reasons: a.reasons,
    status: a.status,
    ownerId: a.ownerId,
    createdAt: a.createdAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
  };
}

/** The name staff call each graduate by (preferred, else first), for lists that show whom an alert is about. */
async function firstNames(manager: EntityManager, graduateIds: string[]): Promise<Map<string, string>> {
  if (graduateIds.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await manager.query(
    `SELECT id, coalesce(preferred_name, first_name) AS name FROM graduate WHERE id = ANY($1::uuid[])`,
    [[...new Set(graduateIds)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

function toNoteView(n: AlertNoteEntity): AlertNoteView {
  return { id: n.id, authorId: n.authorId, body: n.body, createdAt: n.createdAt.toISOString() };
}
