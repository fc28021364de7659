import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditDetail, AuditEventEntity } from '@continuum/persistence';
import type { Actor } from './actor';

export interface AuditQuery {
  subjectId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  before?: string;
}

export interface AuditEventView {
  id: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  detail: AuditDetail;
  ip: string | null;
  requestId: string | null;
  occurredAt: string;
}

/** Records every staff read and change of a person's record; lets admins search the record. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes in the caller's transaction when given one, so a change and its audit commit together. */
  async record(
    actor: Actor,
    action: string,
    subject: { type: string; id: string | null },
    detail: AuditDetail = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.insert(AuditEventEntity, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      detail,
      ip: actor.ip,
      requestId: actor.requestId,
    });
  }

  /** Newest first; `before` is the id of the last event of the previous page. */
  async search(organisationId: string, query: AuditQuery): Promise<AuditEventView[]> {
    const qb = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.organisation_id = :organisationId', { organisationId })
      .orderBy('e.id', 'DESC')
      .take(query.limit);
    if (query.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    if (query.before) qb.andWhere('e.id < :before', { before: query.before });
    const rows = await qb.getMany();
    return rows.map((e) => ({
      id: String(e.id),
      actorId: e.actorId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      detail: e.detail,
      ip: e.ip,
      requestId: e.requestId,
      occurredAt: e.occurredAt.toISOString(),
    }));
  }
}
