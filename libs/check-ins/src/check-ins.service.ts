import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type Channel, type Language, materialiseCheckIns, MessageKind, NotFoundError, renderMessage } from '@continuum/domain';
import { MessageComposer } from '@continuum/delivery';
import { CheckInAnswerEntity, CheckInEntity, CheckInPlanEntity, GraduateEntity, OrganisationEntity } from '@continuum/persistence';
import { type Actor, AuditService, findGraduate } from '@continuum/people';
import { checkInChannel } from './check-in-planner';

export interface InstrumentScoreView {
  checkInId: string;
  instrument: string;
  answeredAt: string;
  /** As `scoreInstrument` gave it: total and band (PHQ-9, GAD-7) or subscales (BAM), and flags. */
  score: Record<string, unknown>;
}

export interface CheckInView {
  id: string | null;
  sequence: number;
  offset: string;
  dueAt: string;
  status: string;
  cancelReason: string | null;
  channel: Channel | null;
  instrument: string | null;
  answeredAt: string | null;
  /** What the prompt will say (or said), with a stand-in for the private link made at send time. */
  message: { channel: Channel; subject: string | null; text: string } | null;
}

/** One check-in on the organisation's list of those due in a window. */
export interface DueCheckInView {
  id: string;
  graduateId: string;
  /** The graduate's preferred name when there is one, else their first name. */
  firstName: string;
  dueAt: string;
  status: string;
  channel: Channel;
  answeredAt: string | null;
}

/** The longest window `listDue` is asked for, in days. */
export const DUE_WINDOW_DAYS = 31;
/** The most check-ins `listDue` returns. */
export const DUE_LIST_LIMIT = 500;

/**
 * A graduate's check-ins as staff see them: what is planned, what went, what came back; and,
 * for a plan they are not on yet, what it would send, before anything goes out.
 */
@Injectable()
export class CheckInsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly composer: MessageComposer,
    private readonly audit: AuditService,
  ) {}

  /** A graduate's instrument scores in time order, one series per instrument (or one instrument's). */
  async scores(actor: Actor, graduateId: string, instrument?: string): Promise<InstrumentScoreView[]> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const rows = await this.dataSource.getRepository(CheckInAnswerEntity).find({
      where: { organisationId: actor.organisationId, graduateId, instrument: instrument ?? Not(IsNull()) },
      order: { answeredAt: 'ASC' },
    });
    await this.audit.record(actor, 'check-in.scores', { type: 'graduate', id: graduateId }, instrument ? { filters: ['instrument'] } : {});
    return rows.map((r) => ({ checkInId: r.checkInId, instrument: r.instrument as string, answeredAt: r.answeredAt.toISOString(), score: r.score ?? {} }));
  }

  /**
   * The organisation's check-ins due in `[from, to)`, soonest first (at most 500), with the
   * graduate's name; with `coordinatorId`, only those of graduates on that coordinator's caseload.
   */
  async listDue(actor: Actor, window: { from: Date; to: Date; coordinatorId?: string }): Promise<DueCheckInView[]> {
    const qb = this.dataSource
      .getRepository(CheckInEntity)
      .createQueryBuilder('c')
      .innerJoin(GraduateEntity, 'g', 'g.id = c.graduate_id AND g.organisation_id = c.organisation_id')
      .select(['c.id AS id', 'c.graduate_id AS "graduateId"', 'coalesce(g.preferred_name, g.first_name) AS "firstName"', 'c.due_at AS "dueAt"', 'c.status AS status', 'c.channel AS channel', 'c.answered_at AS "answeredAt"'])
      .where('c.organisation_id = :organisationId', { organisationId: actor.organisationId })
      .andWhere('c.due_at >= :from AND c.due_at < :to', { from: window.from, to: window.to });
    if (window.coordinatorId) qb.andWhere('g.coordinator_id = :coordinatorId', { coordinatorId: window.coordinatorId });
    const rows = await qb.orderBy('c.due_at', 'ASC').addOrderBy('c.id', 'ASC').limit(DUE_LIST_LIMIT).getRawMany<Omit<DueCheckInView, 'dueAt' | 'answeredAt'> & { dueAt: Date; answeredAt: Date | null }>();
    await this.audit.record(actor, 'check-in.due-list', { type: 'check-in', id: null }, {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      filters: window.coordinatorId ? ['caseload'] : [],
      returned: [...new Set(rows.map((r) => r.graduateId))],
    });
    return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString(), answeredAt: r.answeredAt ? new Date(r.answeredAt).toISOString() : null }));
  }

  async list(actor: Actor, graduateId: string, options: { planId?: string } = {}, now = new Date()): Promise<CheckInView[]> {
    const manager = this.dataSource.manager;
    const graduate = await findGraduate(manager, actor.organisationId, graduateId);
    const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: actor.organisationId });
    const message = async (kindChannel: Channel | null) => {
      if (!kindChannel) return null;
      const template = await this.composer.templateFor(manager, actor.organisationId, MessageKind.CheckInPrompt, kindChannel, graduate.language as Language);
      const rendered = renderMessage(kindChannel, template, {
        firstName: graduate.preferredName ?? graduate.firstName,
        organisationName: organisation.name,
        link: `${this.config.PUBLIC_BASE_URL}/c/(private link made when sent)`,
        crisisLine: '988',
      });
      return { channel: kindChannel, subject: rendered.subject ?? null, text: rendered.text };
    };
    await this.audit.record(actor, 'check-in.list', { type: 'graduate', id: graduateId }, options.planId ? { filters: ['planId'] } : {});

    if (options.planId) {
      const plan = await manager.findOneBy(CheckInPlanEntity, { organisationId: actor.organisationId, id: options.planId });
      if (!plan) throw new NotFoundError('Check-in plan');
      if (!graduate.dischargeDate) return [];
      const channel = checkInChannel(graduate, plan.definition.channel);
      const preview = await message(channel);
      return materialiseCheckIns({
        plan: plan.definition,
        dischargeDate: graduate.dischargeDate,
        timezone: graduate.timezone,
        contactHours: graduate.contactHoursStart && graduate.contactHoursEnd ? { start: graduate.contactHoursStart, end: graduate.contactHoursEnd } : null,
        now,
        enrolledAt: now,
      }).map((c) => ({
        id: null,
        sequence: c.sequence,
        offset: c.offset,
        dueAt: c.dueAt.toISOString(),
        status: 'preview',
        cancelReason: null,
        channel,
        instrument: plan.definition.instruments?.[String(c.sequence)] ?? null,
        answeredAt: null,
        message: preview,
      }));
    }

    const rows = await manager.find(CheckInEntity, { where: { organisationId: actor.organisationId, graduateId }, order: { dueAt: 'ASC', sequence: 'ASC' } });
    const previews = new Map<Channel, Awaited<ReturnType<typeof message>>>();
    for (const c of ['sms', 'email'] as const) if (rows.some((r) => r.channel === c)) previews.set(c, await message(c));
    return rows.map((r) => ({
      id: r.id,
      sequence: r.sequence,
      offset: r.offset,
      dueAt: r.dueAt.toISOString(),
      status: r.status,
      cancelReason: r.cancelReason,
      channel: r.channel,
      instrument: r.instrument,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      message: previews.get(r.channel) ?? null,
    }));
  }
}
