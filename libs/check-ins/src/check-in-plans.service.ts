import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  type CheckInPlanDefinition,
  type ClockWindow,
  DomainError,
  DomainErrorCode,
  findProtocol,
  materialiseCheckIns,
  NotFoundError,
  planProblems,
  PROTOCOLS,
  protocolRef,
} from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import { CheckInEnrolmentEntity, CheckInPlanEntity, conflictOnUnique, EnrolmentStatus, GraduateEntity, ProgramEntity } from '@continuum/persistence';
import { type Actor, AuditService } from '@continuum/people';
import { CheckInPlanner } from './check-in-planner';

export interface ProtocolView {
  ref: string;
  name: string;
  source: string;
  plan: CheckInPlanDefinition;
}

export interface PlanInput extends Partial<CheckInPlanDefinition> {
  name: string;
  programId?: string | null;
  /** Start from a protocol template (`post-iop-taper@1`); the fields given override it. */
  protocol?: string | null;
}

export interface PlanView extends CheckInPlanDefinition {
  id: string;
  name: string;
  programId: string | null;
  protocol: string | null;
  createdAt: string;
  updatedAt: string;
}

const DEFINITION_KEYS: (keyof CheckInPlanDefinition)[] = ['offsets', 'localTime', 'nudgeAfter', 'missedAfter', 'silenceMeansContact', 'adaptive', 'instruments', 'channel'];

/** An organisation's check-in cadences: from a published protocol or written out, checked when saved. */
@Injectable()
export class CheckInPlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly planner: CheckInPlanner,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  protocols(): ProtocolView[] {
    return PROTOCOLS.map((p) => ({ ref: protocolRef(p), name: p.name, source: p.source, plan: clone(p.plan) }));
  }

  async create(actor: Actor, input: PlanInput): Promise<PlanView> {
    const base = this.baseOf(input.protocol);
    const definition = this.definitionOf(base, input);
    await this.checkProgram(actor, input.programId);
    return this.dataSource.transaction(async (manager) => {
      const saved = await save(() =>
        manager.save(
          manager.create(CheckInPlanEntity, {
            organisationId: actor.organisationId,
            programId: input.programId ?? null,
            name: input.name.trim(),
            protocol: input.protocol ?? null,
            definition,
          }),
        ),
      );
      await this.audit.record(actor, 'check-in-plan.create', { type: 'check-in-plan', id: saved.id }, {}, manager);
      return toView(saved);
    });
  }

  async list(actor: Actor): Promise<PlanView[]> {
    const rows = await this.dataSource.getRepository(CheckInPlanEntity).find({ where: { organisationId: actor.organisationId }, order: { name: 'ASC' } });
    return rows.map(toView);
  }

  async get(actor: Actor, id: string): Promise<PlanView> {
    return toView(await this.find(actor, id));
  }

  async update(actor: Actor, id: string, changes: Partial<Omit<PlanInput, 'protocol'>>): Promise<PlanView> {
    const current = await this.find(actor, id);
    const definition = this.definitionOf(current.definition, changes);
    if (changes.programId !== undefined) await this.checkProgram(actor, changes.programId);
    const changed = DEFINITION_KEYS.filter((k) => JSON.stringify(definition[k]) !== JSON.stringify(current.definition[k]));
    Object.assign(current, {
      definition,
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.programId !== undefined ? { programId: changes.programId } : {}),
    });
    const { view, deliveries } = await this.dataSource.transaction(async (manager) => {
      const saved = await save(() => manager.save(current));
      await this.audit.record(actor, 'check-in-plan.update', { type: 'check-in-plan', id }, { fields: changed }, manager);
      // A changed cadence applies to everyone on the plan, from now: their unsent check-ins are re-planned.
      const queued: ScheduledDelivery[] = [];
      if (changed.length) {
        const enrolments = await manager.find(CheckInEnrolmentEntity, { where: { planId: id, status: EnrolmentStatus.Active }, lock: { mode: 'pessimistic_write' } });
        const graduates = new Map((await manager.findBy(GraduateEntity, { id: In(enrolments.map((e) => e.graduateId)) })).map((g) => [g.id, g]));
        for (const enrolment of enrolments) {
          const graduate = graduates.get(enrolment.graduateId);
          if (graduate) queued.push(...(await this.planner.replan(manager, enrolment, graduate, saved, 'replanned')).deliveries);
        }
      }
      return { view: toView(saved), deliveries: queued };
    });
    await this.deliveries.enqueue(deliveries);
    return view;
  }

  /** When this plan's check-ins would fall for a graduate discharged on `dischargeDate` in `timezone`. */
  async schedule(actor: Actor, id: string, place: { dischargeDate: string; timezone: string; contactHours?: ClockWindow | null }, now = new Date()) {
    const plan = await this.find(actor, id);
    return materialiseCheckIns({ plan: plan.definition, ...place, now, enrolledAt: now }).map((c) => ({
      sequence: c.sequence,
      offset: c.offset,
      dueAt: c.dueAt.toISOString(),
    }));
  }

  private baseOf(ref: string | null | undefined): CheckInPlanDefinition | null {
    if (!ref) return null;
    const protocol = findProtocol(ref);
    if (!protocol) {
      throw new DomainError(DomainErrorCode.Invalid, 'Unknown protocol', [
        { field: 'protocol', reason: `must be one of ${PROTOCOLS.map(protocolRef).join(', ')}` },
      ]);
    }
    return clone(protocol.plan);
  }

  private definitionOf(base: CheckInPlanDefinition | null, input: Partial<CheckInPlanDefinition>): CheckInPlanDefinition {
    const given = Object.fromEntries(DEFINITION_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])) as Partial<CheckInPlanDefinition>;
    const merged = { silenceMeansContact: false, adaptive: null, nudgeAfter: null, ...(base ?? {}), ...given } as CheckInPlanDefinition;
    const missing = (['offsets', 'localTime', 'missedAfter'] as const).filter((k) => merged[k] === undefined);
    const problems = missing.length
      ? missing.map((k) => ({ field: k, reason: 'is required unless a protocol is given' }))
      : planProblems(merged);
    if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Check-in plan refused', problems);
    return merged;
  }

  private async checkProgram(actor: Actor, programId: string | null | undefined): Promise<void> {
    if (programId && !(await this.dataSource.getRepository(ProgramEntity).existsBy({ organisationId: actor.organisationId, id: programId }))) {
      throw new DomainError(DomainErrorCode.Invalid, 'Unknown program', [{ field: 'programId', reason: 'is not a program of this organisation' }]);
    }
  }

  private async find(actor: Actor, id: string): Promise<CheckInPlanEntity> {
    const plan = await this.dataSource.getRepository(CheckInPlanEntity).findOneBy({ organisationId: actor.organisationId, id });
    if (!plan) throw new NotFoundError('Check-in plan');
    return plan;
  }
}

function save(write: () => Promise<CheckInPlanEntity>): Promise<CheckInPlanEntity> {
  return conflictOnUnique(write, {
    constraint: 'uq_check_in_plan_name',
    field: 'name',
    message: 'A plan with this name exists',
    reason: 'is already used by another plan',
  });
}

function clone(plan: Readonly<CheckInPlanDefinition>): CheckInPlanDefinition {
  return { ...plan, offsets: [...plan.offsets], adaptive: plan.adaptive ? { ...plan.adaptive } : null, instruments: { ...(plan.instruments ?? {}) } };
}

function toView(p: CheckInPlanEntity): PlanView {
  return {
    id: p.id,
    name: p.name,
    programId: p.programId,
    protocol: p.protocol,
    ...p.definition,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
