import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type Channel, type Language, materialiseCheckIns, MessageKind, NotFoundError, renderMessage } from '@continuum/domain';
import { MessageComposer } from '@continuum/delivery';
import { CheckInAnswerEntity, CheckInEntity, CheckInPlanEntity, OrganisationEntity } from '@continuum/persistence';
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
