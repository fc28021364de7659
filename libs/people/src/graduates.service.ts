import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  type Channel,
  cohortOf,
  type GraduateStatus,
  type Language,
} from '@continuum/domain';
import { conflictOnUnique, GraduateEntity, ProgramEntity, StaffUserEntity } from '@continuum/persistence';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { GraduateChangeHooks } from './graduate-change-hooks';
import { invalid } from './contact-points';
import { graduateValues, type GraduateValues } from './graduate-values';
import { findGraduate } from './lookups';

export interface GraduateInput {
  programId?: string | null;
  externalId?: string | null;
  firstName: string;
  lastName: string;
  preferredName?: string | null;
  admissionDate?: string | null;
  dischargeDate?: string | null;
  timezone: string;
  phone?: string | null;
  email?: string | null;
  preferredChannels?: Channel[];
  contactHoursStart?: string | null;
  contactHoursEnd?: string | null;
  language?: Language;
  status?: GraduateStatus;
  notes?: string | null;
}

/** A graduate as staff see it: the stored values (but the sort key), its id, cohort and times. */
export interface GraduateView extends Omit<GraduateValues, 'sortName'> {
  id: string;
  /** The coordinator who owns this graduate's alerts (PUT /graduates/{id}/coordinator); null: the on-call one. */
  coordinatorId: string | null;
  cohort: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GraduateListQuery {
  search?: string;
  programId?: string;
  cohort?: string;
  status?: GraduateStatus;
  /**
   * `at_risk`: an alert about the graduate is still open or acknowledged (an escalation, two
   * missed check-ins, silence, a linkage need; the engagement flags raise alerts too);
   * `urgent`: an urgent alert is still open.
   */
  risk?: GraduateRisk;
  /**
   * `mine`: graduates whose coordinator the caller is; `unassigned`: those with none; `all`.
   * A coordinator's list defaults to their own caseload, an admin's to everyone.
   */
  caseload?: 'mine' | 'unassigned' | 'all';
  page: number;
  pageSize: number;
}

export const GRADUATE_RISKS = ['at_risk', 'urgent'] as const;

/** A listed graduate with their risk as the `risk` filter reads it: `urgent` wins over `at_risk`; null when neither holds. */
export type GraduateListItem = GraduateView & { risk: GraduateRisk | null };

/** The listed graduates' risk in one statement, by the same alert rules as the `risk` filter. */
async function riskOf(manager: EntityManager, ids: string[]): Promise<Map<string, GraduateRisk>> {
  if (ids.length === 0) return new Map();
  const rows: { graduate_id: string; urgent: boolean }[] = await manager.query(
    `SELECT graduate_id, bool_or(status = 'open' AND urgency = 'urgent') AS urgent
       FROM alert WHERE graduate_id = ANY($1::uuid[]) AND status IN ('open', 'acknowledged') GROUP BY graduate_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.graduate_id, r.urgent ? 'urgent' : 'at_risk']));
}
export type GraduateRisk = (typeof GRADUATE_RISKS)[number];

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

const SUBJECT = 'graduate';


/** Graduates of one organisation: every method takes the organisation from the acting staff member. */
@Injectable()
export class GraduatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changeHooks: GraduateChangeHooks,
  ) {}

  async create(actor: Actor, input: GraduateInput): Promise<GraduateView> {
    return this.dataSource.transaction(async (manager) => {
      const values = await this.prepare(manager, actor.organisationId, input);
      const saved = await this.save(manager, manager.create(GraduateEntity, { ...values, organisationId: actor.organisationId }));
      await this.audit.record(actor, 'graduate.create', { type: SUBJECT, id: saved.id }, {}, manager);
      return toView(saved);
    });
  }

  /** Gives the graduate's alerts to a coordinator (an enabled staff member of the organisation), or to no one (null). */
  async assignCoordinator(actor: Actor, id: string, staffId: string | null): Promise<GraduateView> {
    return this.dataSource.transaction(async (manager) => {
      const graduate = await findGraduate(manager, actor.organisationId, id, true);
      if (staffId) {
        const staff = await manager.findOneBy(StaffUserEntity, { id: staffId, organisationId: actor.organisationId });
        if (!staff || staff.disabledAt) throw invalid('Graduate', [{ field: 'coordinatorId', reason: 'is not an enabled staff member of this organisation' }]);
      }
      graduate.coordinatorId = staffId;
      await manager.update(GraduateEntity, { id }, { coordinatorId: staffId });
      await this.audit.record(actor, 'graduate.update', { type: SUBJECT, id }, { fields: ['coordinatorId'] }, manager);
      return toView(graduate);
    });
  }

  async get(actor: Actor, id: string): Promise<GraduateView> {
    const graduate = await findGraduate(this.dataSource.manager, actor.organisationId, id);
    await this.audit.record(actor, 'graduate.read', { type: SUBJECT, id });
    return toView(graduate);
  }

  async update(actor: Actor, id: string, changes: Partial<GraduateInput>): Promise<GraduateView> {
    const { view, after } = await this.dataSource.transaction(async (manager) => {
      const current = await findGraduate(manager, actor.organisationId, id, true);
      const merged: GraduateInput = { ...toInput(current), ...changes };
      const values = await this.prepare(manager, actor.organisationId, merged);
      const changed = (Object.keys(values) as (keyof typeof values)[]).filter(
        (key) => JSON.stringify(values[key]) !== JSON.stringify(current[key]),
      );
      Object.assign(current, values);
      const saved = changed.length ? await this.save(manager, current) : current;
      await this.audit.record(actor, 'graduate.update', { type: SUBJECT, id }, { fields: changed }, manager);
      return { view: toView(saved), after: await this.changeHooks.run(manager, saved, changed) };
    });
    for (const then of after) await then();
    return view;
  }

  async list(actor: Actor, query: GraduateListQuery): Promise<Page<GraduateListItem>> {
    const qb = this.dataSource
      .getRepository(GraduateEntity)
      .createQueryBuilder('g')
      .where('g.organisation_id = :organisationId', { organisationId: actor.organisationId });
    if (query.programId) qb.andWhere('g.program_id = :programId', { programId: query.programId });
    const caseload = query.caseload ?? (actor.role === 'coordinator' ? 'mine' : 'all');
    if (caseload === 'mine') qb.andWhere('g.coordinator_id = :me', { me: actor.userId });
    if (caseload === 'unassigned') qb.andWhere('g.coordinator_id IS NULL');
    if (query.status) qb.andWhere('g.status = :status', { status: query.status });
    if (query.risk === 'at_risk') qb.andWhere(`EXISTS (SELECT 1 FROM alert a WHERE a.graduate_id = g.id AND a.status IN ('open', 'acknowledged'))`);
    if (query.risk === 'urgent') qb.andWhere(`EXISTS (SELECT 1 FROM alert a WHERE a.graduate_id = g.id AND a.status = 'open' AND a.urgency = 'urgent')`);
    if (query.cohort) {
      const start = `${query.cohort}-01`;
      qb.andWhere(`g.discharge_date >= :start::date AND g.discharge_date < (:start::date + interval '1 month')`, { start });
    }
    if (query.search) {
      const prefix = `${escapeLike(query.search.trim().toLowerCase())}%`;
      // Every arm can be served by an index of its own (a BitmapOr); coalesce() around preferred_name would defeat one.
      qb.andWhere(
        `(g.sort_name LIKE :prefix OR lower(g.first_name) LIKE :prefix OR lower(g.preferred_name) LIKE :prefix OR g.external_id = :exact)`,
        { prefix, exact: query.search.trim() },
      );
    }
    const page = qb.clone().orderBy('g.sort_name', 'ASC').addOrderBy('g.id', 'ASC');
    const rows = await page.offset((query.page - 1) * query.pageSize).limit(query.pageSize).getMany();
    // A plain COUNT(*): getManyAndCount counts DISTINCT ids, a sort of every match for nothing (there is no join).
    const counted = await qb.clone().select('COUNT(*)', 'total').getRawOne<{ total: string }>();
    const total = Number(counted?.total ?? 0);
    await this.audit.record(actor, 'graduate.list', { type: SUBJECT, id: null }, {
      filters: Object.keys(query).filter((k) => !['page', 'pageSize'].includes(k) && query[k as keyof GraduateListQuery] !== undefined),
      returned: rows.map((r) => r.id),
    });
    const risks = await riskOf(this.dataSource.manager, rows.map((r) => r.id));
    return { items: rows.map((r) => ({ ...toView(r), risk: risks.get(r.id) ?? null })), page: query.page, pageSize: query.pageSize, total };
  }

  /** The shared rules and normalisation (graduate-values.ts, also used by the CSV import), then the program check. */
  private async prepare(manager: EntityManager, organisationId: string, input: GraduateInput): Promise<GraduateValues> {
    const result = graduateValues(input);
    const problems = result.ok ? [] : result.problems;
    const programIdValid = !problems.some((p) => p.field === 'programId');
    if (input.programId && programIdValid && !(await manager.existsBy(ProgramEntity, { organisationId, id: input.programId }))) {
      problems.push({ field: 'programId', reason: 'is not a program of this organisation' });
    }
    if (!result.ok || problems.length) throw invalid('Graduate', problems);
    return result.values;
  }

  private save(manager: EntityManager, graduate: GraduateEntity): Promise<GraduateEntity> {
    return conflictOnUnique(() => manager.save(GraduateEntity, graduate), {
      constraint: 'uq_graduate_external_id',
      field: 'externalId',
      message: 'A graduate with this external id exists',
      reason: 'is already used by another graduate',
    });
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toInput(g: GraduateEntity): GraduateInput {
  return {
    programId: g.programId,
    externalId: g.externalId,
    firstName: g.firstName,
    lastName: g.lastName,
    preferredName: g.preferredName,
    admissionDate: g.admissionDate,
    dischargeDate: g.dischargeDate,
    timezone: g.timezone,
    phone: g.phone,
    email: g.email,
    preferredChannels: g.preferredChannels,
    contactHoursStart: g.contactHoursStart,
    contactHoursEnd: g.contactHoursEnd,
    language: g.language,
    status: g.status,
    notes: g.notes,
  };
}

export function toView(g: GraduateEntity): GraduateView {
  return { ...toInput(g), id: g.id, coordinatorId: g.coordinatorId, cohort: cohortOf(g.dischargeDate), createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() } as GraduateView;
}
