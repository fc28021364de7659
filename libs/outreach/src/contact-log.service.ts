import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ContactMethod, type ContactOutcome, DomainError, DomainErrorCode } from '@continuum/domain';
import { type Actor, AuditService, findGraduate, type Page } from '@continuum/people';
import { appendEngagementEvents, ContactLogEntity } from '@continuum/persistence';

export interface ContactLogInput {
  method: ContactMethod;
  outcome: ContactOutcome;
  notes?: string | null;
  /** `YYYY-MM-DD`: the graduate comes back on the worklist that day. */
  nextStepOn?: string | null;
  /** When it happened; now when not given. */
  occurredAt?: Date;
}

export interface ContactLogView {
  id: string;
  graduateId: string;
  staffUserId: string;
  method: ContactMethod;
  outcome: ContactOutcome;
  notes: string | null;
  nextStepOn: string | null;
  occurredAt: string;
}

const toView = (e: ContactLogEntity): ContactLogView => ({
  id: e.id,
  graduateId: e.graduateId,
  staffUserId: e.staffUserId,
  method: e.method,
  outcome: e.outcome,
  notes: e.notes,
  nextStepOn: e.nextStepOn,
  occurredAt: e.occurredAt.toISOString(),
});

/**
 * The contact log: a coordinator records each call, text, visit, voicemail or email, what came of
 * it and when to try next. Each entry is an engagement event (`outreach.reached` counts as the
 * graduate's own touchpoint; `outreach.attempted` does not) and takes the graduate off the
 * worklist for what it answered.
 */
@Injectable()
export class ContactLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async log(actor: Actor, graduateId: string, input: ContactLogInput, now = new Date()): Promise<ContactLogView> {
    const occurredAt = input.occurredAt ?? now;
    if (occurredAt.getTime() > now.getTime() + 60_000) {
      throw new DomainError(DomainErrorCode.Invalid, 'Contact not logged', [{ field: 'occurredAt', reason: 'must not be in the future' }]);
    }
    if (input.nextStepOn && input.nextStepOn < now.toISOString().slice(0, 10)) {
      throw new DomainError(DomainErrorCode.Invalid, 'Contact not logged', [{ field: 'nextStepOn', reason: 'must be today or later' }]);
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      await findGraduate(manager, actor.organisationId, graduateId);
      const entry = await manager.save(
        manager.create(ContactLogEntity, {
          organisationId: actor.organisationId,
          graduateId,
          staffUserId: actor.userId,
          method: input.method,
          outcome: input.outcome,
          notes: input.notes?.trim() || null,
          nextStepOn: input.nextStepOn ?? null,
          occurredAt,
        }),
      );
      await appendEngagementEvents(manager, [
        {
          organisationId: actor.organisationId,
          graduateId,
          kind: input.outcome === 'reached' ? 'outreach.reached' : 'outreach.attempted',
          refId: entry.id,
          payload: { method: input.method, outcome: input.outcome },
          occurredAt,
        },
      ]);
      await this.audit.record(actor, 'contact-log.create', { type: 'graduate', id: graduateId }, {}, manager);
      return entry;
    });
    return toView(saved);
  }

  async list(actor: Actor, graduateId: string, page: number, pageSize: number): Promise<Page<ContactLogView>> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const [rows, total] = await this.dataSource.getRepository(ContactLogEntity).findAndCount({
      where: { organisationId: actor.organisationId, graduateId },
      order: { occurredAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    await this.audit.record(actor, 'contact-log.list', { type: 'graduate', id: graduateId });
    return { items: rows.map(toView), page, pageSize, total };
  }
}
