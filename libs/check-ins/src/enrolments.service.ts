import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DomainError, DomainErrorCode, NotFoundError } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import {
  CheckInEnrolmentEntity,
  CheckInPlanEntity,
  EnrolmentStatus,
  GraduateEntity,
} from '@continuum/persistence';
import { type Actor, AuditService, findGraduate, GraduateChangeHooks } from '@continuum/people';
import { CheckInPlanner, checkInChannel } from './check-in-planner';

export interface EnrolInput {
  planId: string;
  /** Exactly one way to choose graduates: by id, a program, or a cohort (discharge month `YYYY-MM`). */
  graduateIds?: string[];
  programId?: string;
  cohort?: string;
}

export interface EnrolmentView {
  id: string;
  graduateId: string;
  planId: string;
  status: EnrolmentStatus;
  enrolledAt: string;
}

export interface EnrolReport {
  enrolled: number;
  /** Graduates already on a plan, moved to this one (their unsent check-ins re-planned). */
  replanned: number;
  checkIns: number;
  skipped: { graduateId: string; reason: string }[];
}

/** Graduates per transaction in a bulk enrolment: big enough to be quick, small enough to keep locks short. */
const ENROL_CHUNK = 500;
/** Chunks of one enrolment written at the same time. */
const ENROL_LANES = 2;
/** The most graduates one request may name or select. */
export const MAX_ENROL = 20_000;
/** Changes to these re-plan a graduate's unsent check-ins. */
const PLANNING_FIELDS = ['dischargeDate', 'timezone', 'contactHoursStart', 'contactHoursEnd', 'status', 'phone', 'email', 'preferredChannels'];

/**
 * Puts graduates on check-in plans and keeps their check-ins in step: a new plan, a pause, a
 * resume, a withdrawal, or a change to the graduate's discharge date, timezone, hours or channels
 * re-plans every check-in whose prompt has not gone; answered ones never change.
 */
@Injectable()
export class EnrolmentsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly planner: CheckInPlanner,
    private readonly deliveries: DeliveryScheduler,
    private readonly audit: AuditService,
    private readonly graduateChanges: GraduateChangeHooks,
  ) {}

  onModuleInit(): void {
    this.graduateChanges.register('check-ins', async (manager, graduate, changed) => {
      if (!changed.some((field) => PLANNING_FIELDS.includes(field))) return;
      const enrolment = await manager.findOne(CheckInEnrolmentEntity, { where: { graduateId: graduate.id }, lock: { mode: 'pessimistic_write' } });
      if (!enrolment || enrolment.status === EnrolmentStatus.Withdrawn) return;
      const plan = await manager.findOneByOrFail(CheckInPlanEntity, { id: enrolment.planId });
      const result = await this.planner.replan(manager, enrolment, graduate, plan, 'replanned');
      return () => this.deliveries.enqueue(result.deliveries);
    });
  }

  async enrol(actor: Actor, input: EnrolInput, now = new Date()): Promise<EnrolReport> {
    const plan = await this.dataSource.getRepository(CheckInPlanEntity).findOneBy({ organisationId: actor.organisationId, id: input.planId });
    if (!plan) throw invalid('planId', 'is not a check-in plan of this organisation');
    const graduateIds = await this.select(actor, input);
    const chunks: string[][] = [];
    for (let i = 0; i < graduateIds.length; i += ENROL_CHUNK) chunks.push(graduateIds.slice(i, i + ENROL_CHUNK));
    // Chunks are independent transactions over disjoint graduates: two at a time, so that one is
    // planned (CPU here) while the other is written (CPU in Postgres). After a failure no new
    // chunk starts, and the error is thrown once the chunk in the other lane has finished.
    const reports = new Array<EnrolReport>(chunks.length);
    let next = 0;
    let failed = false;
    const lane = async () => {
      for (let index = next++; index < chunks.length && !failed; index = next++) {
        try {
          reports[index] = await this.enrolChunk(actor, plan, chunks[index], now);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(ENROL_LANES, chunks.length) }, lane));
    const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failure) throw failure.reason;
    return reports.reduce<EnrolReport>(
      (all, part) => ({
        enrolled: all.enrolled + part.enrolled,
        replanned: all.replanned + part.replanned,
        checkIns: all.checkIns + part.checkIns,
        skipped: [...all.skipped, ...part.skipped],
      }),
      { enrolled: 0, replanned: 0, checkIns: 0, skipped: [] },
    );
  }

  /** One chunk of an enrolment, in a transaction of its own; its jobs are queued once it has committed. */
  private async enrolChunk(actor: Actor, plan: CheckInPlanEntity, chunk: string[], now: Date): Promise<EnrolReport> {
    const report: EnrolReport = { enrolled: 0, replanned: 0, checkIns: 0, skipped: [] };
    const queued: ScheduledDelivery[] = [];
    await this.dataSource.transaction(async (manager) => {
      const graduates = await manager.find(GraduateEntity, {
        where: { organisationId: actor.organisationId, id: In(chunk) },
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const existing = new Map(
        (await manager.find(CheckInEnrolmentEntity, { where: { graduateId: In(chunk) }, lock: { mode: 'pessimistic_write' } })).map((e) => [e.graduateId, e]),
      );
      const toInsert: Partial<CheckInEnrolmentEntity>[] = [];
      for (const graduate of graduates) {
        const reason = whyNot(graduate);
        if (reason) {
          report.skipped.push({ graduateId: graduate.id, reason });
          continue;
        }
        if (!existing.has(graduate.id)) {
          toInsert.push({ organisationId: actor.organisationId, graduateId: graduate.id, planId: plan.id, status: EnrolmentStatus.Active, enrolledAt: now });
        }
      }
      const inserted = toInsert.length ? await manager.getRepository(CheckInEnrolmentEntity).save(toInsert as CheckInEnrolmentEntity[], { chunk: 500 }) : [];
      for (const enrolment of inserted) existing.set(enrolment.graduateId, enrolment);
      const insertedIds = new Set(inserted.map((e) => e.graduateId));
      const skipped = new Set(report.skipped.map((s) => s.graduateId));
      const fresh = graduates.filter((g) => insertedIds.has(g.id)).map((graduate) => ({ graduate, enrolment: existing.get(graduate.id) as CheckInEnrolmentEntity }));
      const planned = await this.planner.planNew(manager, fresh, plan, now);
      report.enrolled += fresh.length;
      report.checkIns += planned.created;
      queued.push(...planned.deliveries);
      for (const graduate of graduates) {
        const enrolment = existing.get(graduate.id);
        if (!enrolment || skipped.has(graduate.id) || insertedIds.has(graduate.id)) continue;
        // Already enrolled: onto this plan, active again, counting sub-day offsets from now.
        Object.assign(enrolment, { planId: plan.id, status: EnrolmentStatus.Active, enrolledAt: now });
        await manager.save(enrolment);
        report.replanned += 1;
        const result = await this.planner.replan(manager, enrolment, graduate, plan, 'replanned', now);
        report.checkIns += result.created;
        queued.push(...result.deliveries);
      }
      await this.audit.record(actor, 'check-in.enrol', { type: 'check-in-plan', id: plan.id }, { graduates: graduates.length }, manager);
    });
    await this.deliveries.enqueue(queued);
    return report;
  }

  async get(actor: Actor, graduateId: string): Promise<EnrolmentView> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const enrolment = await this.dataSource.getRepository(CheckInEnrolmentEntity).findOneBy({ organisationId: actor.organisationId, graduateId });
    if (!enrolment) throw new NotFoundError('Check-in enrolment');
    return toView(enrolment);
  }

  /** Pause, resume or withdraw, or move to another plan; each re-plans what has not gone. */
  async change(actor: Actor, graduateId: string, changes: { status?: EnrolmentStatus; planId?: string }, now = new Date()): Promise<EnrolmentView> {
    const { view, deliveries } = await this.dataSource.transaction(async (manager) => {
      const graduate = await findGraduate(manager, actor.organisationId, graduateId, true);
      const enrolment = await manager.findOne(CheckInEnrolmentEntity, { where: { organisationId: actor.organisationId, graduateId }, lock: { mode: 'pessimistic_write' } });
      if (!enrolment) throw new NotFoundError('Check-in enrolment');
      const planId = changes.planId ?? enrolment.planId;
      const plan = await manager.findOneBy(CheckInPlanEntity, { organisationId: actor.organisationId, id: planId });
      if (!plan) throw invalid('planId', 'is not a check-in plan of this organisation');
      const resumed = changes.status === EnrolmentStatus.Active && enrolment.status !== EnrolmentStatus.Active;
      Object.assign(enrolment, {
        planId,
        ...(changes.status ? { status: changes.status } : {}),
        // Sub-day (demo) offsets start again from a resume or a new plan.
        ...(resumed || changes.planId ? { enrolledAt: now } : {}),
      });
      await manager.save(enrolment);
      const result = await this.planner.replan(manager, enrolment, graduate, plan, changes.status && changes.status !== 'active' ? changes.status : 'replanned', now);
      await this.audit.record(actor, 'check-in.enrolment.update', { type: 'graduate', id: graduateId }, { fields: Object.keys(changes) }, manager);
      return { view: toView(enrolment), deliveries: result.deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return view;
  }

  /** Ids of the organisation's graduates the input names, checked; 400 naming the field otherwise. */
  private async select(actor: Actor, input: EnrolInput): Promise<string[]> {
    const ways = (['graduateIds', 'programId', 'cohort'] as const).filter((k) => input[k] !== undefined);
    if (ways.length !== 1) throw invalid('graduateIds', 'give exactly one of graduateIds, programId or cohort');
    const qb = this.dataSource.getRepository(GraduateEntity).createQueryBuilder('g').select('g.id', 'id').where('g.organisation_id = :org', { org: actor.organisationId });
    if (input.graduateIds) {
      if (input.graduateIds.length === 0 || input.graduateIds.length > MAX_ENROL) throw invalid('graduateIds', `must list 1 to ${MAX_ENROL} graduates`);
      const rows: { id: string }[] = await qb.andWhere('g.id IN (:...ids)', { ids: input.graduateIds }).getRawMany();
      const found = new Set(rows.map((r) => r.id));
      const unknown = input.graduateIds.findIndex((id) => !found.has(id));
      if (unknown >= 0) throw invalid(`graduateIds.${unknown}`, 'is not a graduate of this organisation');
      return [...found];
    }
    if (input.programId) qb.andWhere('g.program_id = :programId', { programId: input.programId });
    if (input.cohort) qb.andWhere(`g.discharge_date >= :start::date AND g.discharge_date < (:start::date + interval '1 month')`, { start: `${input.cohort}-01` });
    qb.andWhere(`g.status = 'active'`).orderBy('g.id').limit(MAX_ENROL + 1);
    const rows: { id: string }[] = await qb.getRawMany();
    if (rows.length > MAX_ENROL) throw invalid(input.programId ? 'programId' : 'cohort', `selects more than ${MAX_ENROL} graduates; enrol them in parts`);
    return rows.map((r) => r.id);
  }
}

/** Why a graduate cannot be put on a plan, or null. */
function whyNot(graduate: GraduateEntity): string | null {
  if (graduate.status !== 'active') return `graduate is ${graduate.status}`;
  if (!graduate.dischargeDate) return 'graduate has no discharge date';
  if (!checkInChannel(graduate)) return 'graduate has no phone or email';
  return null;
}

function invalid(field: string, reason: string): DomainError {
  return new DomainError(DomainErrorCode.Invalid, 'Enrolment refused', [{ field, reason }]);
}

function toView(e: CheckInEnrolmentEntity): EnrolmentView {
  return { id: e.id, graduateId: e.graduateId, planId: e.planId, status: e.status, enrolledAt: e.enrolledAt.toISOString() };
}
