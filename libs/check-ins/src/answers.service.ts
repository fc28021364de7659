import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import {
  type CheckInAnswerFacts,
  type CheckInPlanDefinition,
  DEFAULT_CRISIS_WORDS,
  type ErrorDetail,
  escalationReasons,
  type InstrumentKey,
  type InstrumentScore,
  isCrisis,
  type Language,
  MessageKind,
  nextAdaptiveInterval,
  parseInstrumentForm,
  parseIsoDuration,
  parseQuickAnswerForm,
  parseSmsAnswer,
  type QuickAnswer,
  scoreInstrument,
  showsNeed,
} from '@continuum/domain';
import { DeliveryScheduler, InboundRouter, type InboundHandlerResult, type InboundReply, MessageComposer, type ScheduledDelivery, graduateOf } from '@continuum/delivery';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { AlertKind, appendEngagementEvents, CheckInAnswerEntity, CheckInStatus, type DeliveryEntity } from '@continuum/persistence';
import { AlertsService } from './alerts.service';
import { windowMs } from './check-in-planner';

/** The longest a check-in link may live (LinkTokens' ceiling for the purpose). */
const MAX_LINK_SECONDS = 30 * 86_400;

export interface AnswerFormContext {
  language: Language;
  organisationName: string;
  instrument: InstrumentKey | null;
}

export type FormOutcome =
  | { kind: 'form'; context: AnswerFormContext }
  | { kind: 'problems'; context: AnswerFormContext; problems: ErrorDetail[]; values: Record<string, string> }
  | { kind: 'thanks' | 'thanks_crisis'; context: AnswerFormContext }
  | { kind: 'expired' | 'used' | 'not_found'; context: AnswerFormContext | null };

interface OpenCheckIn {
  id: string;
  organisation_id: string;
  graduate_id: string;
  enrolment_id: string;
  sequence: number;
  offset: string;
  instrument: InstrumentKey | null;
  channel: 'sms' | 'email';
  due_at: Date;
  status: CheckInStatus;
  definition: CheckInPlanDefinition;
  language: Language;
  organisation_name: string;
}

/**
 * Answers to check-ins, by SMS reply or through the private form, and what they set off:
 * the answer and its engagement event, the alert (and the on-call page) for a worrying answer,
 * the 988 text back for every escalated answer, and, on an adaptive plan, the next check-in moved closer or further.
 */
@Injectable()
export class AnswersService implements OnModuleInit {
  private readonly logger = new Logger(AnswersService.name);
  private readonly crisisWords: readonly string[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: LinkTokens,
    private readonly alerts: AlertsService,
    private readonly deliveries: DeliveryScheduler,
    private readonly composer: MessageComposer,
    private readonly router: InboundRouter,
  ) {
    this.crisisWords = [...DEFAULT_CRISIS_WORDS, ...config.CRISIS_EXTRA_WORDS];
  }

  onModuleInit(): void {
    const link = (manager: EntityManager, row: DeliveryEntity) => this.linkFor(manager, row);
    this.composer.registerLinkProvider(MessageKind.CheckInPrompt, link);
    this.composer.registerLinkProvider(MessageKind.CheckInNudge, link);
    this.router.register('check-in', (reply, manager) => this.bySms(reply, manager));
  }

  /** A fresh single-use link to the check-in's form, valid until its answer window closes. */
  private async linkFor(manager: EntityManager, row: DeliveryEntity): Promise<string> {
    const checkIn = await this.open(manager, { id: row.variables.checkInId });
    if (!checkIn) throw new Error('check-in prompt without its check-in');
    const ttlSeconds = Math.min(MAX_LINK_SECONDS, Math.ceil(windowMs(checkIn.definition.missedAfter) / 1000));
    const { token } = await this.links.issue(
      { organisationId: row.organisationId, purpose: LinkPurpose.CheckInAnswer, subjectId: graduateOf(row), claims: { checkInId: checkIn.id }, ttlSeconds, singleUse: true },
      manager,
    );
    return `${this.config.PUBLIC_BASE_URL}/c/${token}`;
  }

  /** The form page for a link: the questions, or why it cannot be answered. */
  async showForm(token: string): Promise<FormOutcome> {
    const link = await this.links.state(token, LinkPurpose.CheckInAnswer);
    if (link.state === 'not_found' || !link.grant) return { kind: 'not_found', context: null };
    const checkIn = await this.open(this.dataSource.manager, { id: link.grant.claims.checkInId });
    if (!checkIn) return { kind: 'not_found', context: null };
    const context = contextOf(checkIn);
    if (link.state === 'used' || checkIn.status === CheckInStatus.Answered) return { kind: 'used', context };
    if (link.state === 'expired' || checkIn.status !== CheckInStatus.Scheduled) return { kind: 'expired', context };
    return { kind: 'form', context };
  }

  async submitForm(token: string, body: Record<string, unknown>): Promise<FormOutcome> {
    const shown = await this.showForm(token);
    if (shown.kind !== 'form') return shown;
    const { context } = shown;
    const parsed = context.instrument ? parseInstrumentForm(context.instrument, body) : parseQuickAnswerForm(body);
    if (!parsed.ok) return { kind: 'problems', context, problems: parsed.problems, values: stringValues(body) };
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Spent with the answer: a second submission, or a race, finds it used.
      const grant = await this.links.consume(token, LinkPurpose.CheckInAnswer, manager).catch(() => null);
      if (!grant) return null;
      const checkIn = await this.open(manager, { id: grant.claims.checkInId }, true);
      if (!checkIn || checkIn.status !== CheckInStatus.Scheduled) return null;
      const answer: Answer =
        'responses' in parsed
          ? { source: 'form', instrument: context.instrument as InstrumentKey, responses: parsed.responses }
          : { source: 'form', quick: parsed.value };
      return this.record(manager, checkIn, answer);
    });
    if (!outcome) return { kind: 'used', context };
    await this.deliveries.enqueue(outcome.queued);
    return { kind: outcome.crisis ? 'thanks_crisis' : 'thanks', context };
  }

  /** The inbound router's handler: a graduate's text answers their open check-in, if they have one. */
  private async bySms(reply: InboundReply, manager: EntityManager): Promise<InboundHandlerResult> {
    if (reply.contactId) return { handled: false };
    const checkIn = await this.open(manager, { graduateId: reply.graduateId, organisationId: reply.organisationId }, true);
    if (!checkIn) return { handled: false };
    const sms = parseSmsAnswer(reply.body);
    const quick: Partial<QuickAnswer> = sms.kind === 'mood' ? { mood: sms.mood } : { text: sms.text.slice(0, 2_000) };
    const outcome = await this.record(manager, checkIn, { source: 'sms', quick });
    const thanks = checkIn.language === 'es' ? 'Gracias por responder.' : 'Thank you for answering.';
    // The pages and the 988 text are queued once the webhook's transaction has committed.
    return { handled: true, reply: thanks, after: () => this.deliveries.enqueue(outcome.queued) };
  }

  /**
   * Records an answer to an open check-in (locked by the caller's `open(…, true)`) and acts on it.
   * Returns the deliveries to queue after commit.
   */
  private async record(manager: EntityManager, checkIn: OpenCheckIn, answer: Answer): Promise<{ crisis: boolean; queued: ScheduledDelivery[] }> {
    let facts: CheckInAnswerFacts;
    let score: InstrumentScore | null = null;
    if ('responses' in answer) {
      score = scoreInstrument(answer.instrument, answer.responses);
      facts = { phq9Item9: answer.instrument === 'phq9' ? answer.responses.q9 : null, usedSinceLast: answer.instrument === 'bam' && score.flags.includes('any_use') ? true : null };
    } else {
      facts = { ...answer.quick };
    }
    const reasons = escalationReasons(facts, this.crisisWords);
    const need = showsNeed(facts, this.crisisWords) || (score !== null && score.flags.length > 0);
    const now = new Date();
    const saved = await manager.save(
      manager.create(CheckInAnswerEntity, {
        organisationId: checkIn.organisation_id,
        graduateId: checkIn.graduate_id,
        checkInId: checkIn.id,
        source: answer.source,
        ...('quick' in answer
          ? { mood: answer.quick.mood ?? null, craving: answer.quick.craving ?? null, usedSinceLast: answer.quick.usedSinceLast ?? null, wantsCall: answer.quick.wantsCall ?? null, text: answer.quick.text ?? null }
          : { instrument: answer.instrument, responses: { ...answer.responses }, score: score as unknown as Record<string, unknown> }),
        escalationReasons: reasons,
        showsNeed: need,
        answeredAt: now,
      }),
    );
    await manager.query(`UPDATE check_in SET status = 'answered', answered_at = $2, updated_at = now() WHERE id = $1`, [checkIn.id, now]);
    // The nudge is pointless now.
    await manager.query(
      `UPDATE delivery SET status = 'cancelled', error_code = 'answered', finished_at = now(), updated_at = now()
        WHERE id = (SELECT nudge_delivery_id FROM check_in WHERE id = $1) AND status = 'pending'`,
      [checkIn.id],
    );
    await appendEngagementEvents(manager, [
      {
        organisationId: checkIn.organisation_id,
        graduateId: checkIn.graduate_id,
        kind: 'check_in.answered',
        refId: checkIn.id,
        payload: { source: answer.source, instrument: checkIn.instrument, escalated: reasons.length > 0, showsNeed: need },
      },
    ]);

    const queued: ScheduledDelivery[] = [];
    // Every escalated answer is also answered at once with the 988 line (the issue's rule): the
    // coordinator may take an hour to call back; the Lifeline answers now. `crisis` only sets the
    // alert's log line apart.
    const escalated = reasons.length > 0;
    if (reasons.length) {
      const raised = await this.alerts.raise(manager, {
        organisationId: checkIn.organisation_id,
        graduateId: checkIn.graduate_id,
        checkInId: checkIn.id,
        kind: AlertKind.Escalation,
        urgency: 'urgent',
        reasons,
        dedupeKey: `escalation:${checkIn.id}`,
      });
      queued.push(...raised.pages);
      this.logger.log({ checkInId: checkIn.id, answerId: saved.id, reasons, crisis: isCrisis(reasons) }, 'check-in answer escalated');
    } else if (need && checkIn.definition.adaptive) {
      const raised = await this.alerts.raise(manager, {
        organisationId: checkIn.organisation_id,
        graduateId: checkIn.graduate_id,
        checkInId: checkIn.id,
        kind: AlertKind.Linkage,
        urgency: 'routine',
        reasons: ['shows_need'],
        dedupeKey: `linkage:${checkIn.id}`,
      });
      queued.push(...raised.pages);
    }
    if (escalated) {
      queued.push(
        ...(await this.deliveries.add(manager, [
          {
            organisationId: checkIn.organisation_id,
            graduateId: checkIn.graduate_id,
            channel: checkIn.channel,
            purpose: 'check_ins',
            kind: MessageKind.CheckInCrisisResources,
            priority: 'urgent',
            idempotencyKey: `crisis-resources:${checkIn.id}`,
            dueAt: now,
          },
        ])),
      );
    }
    if (checkIn.definition.adaptive) queued.push(...(await this.adapt(manager, checkIn, need)));
    return { crisis: escalated, queued };
  }

  /**
   * Recovery Management Checkup style: the next unsent check-in moves to this one's due time plus
   * an interval shortened after need and stretched after none (within the plan's bounds).
   */
  private async adapt(manager: EntityManager, checkIn: OpenCheckIn, need: boolean): Promise<ScheduledDelivery[]> {
    const rule = checkIn.definition.adaptive;
    if (!rule) return [];
    // The next check-in whose prompt has not gone (or is not written yet: the sweep writes it for the new time).
    const [next]: { id: string; offset: string; delivery_id: string | null }[] = await manager.query(
      `SELECT c.id, c.offset, c.delivery_id FROM check_in c LEFT JOIN delivery d ON d.id = c.delivery_id
        WHERE c.enrolment_id = $1 AND c.sequence > $2 AND c.status = 'scheduled' AND (c.delivery_id IS NULL OR d.status = 'pending')
        ORDER BY c.sequence LIMIT 1 FOR UPDATE OF c`,
      [checkIn.enrolment_id, checkIn.sequence],
    );
    if (!next) return [];
    const gapMs = (offsetMs(next.offset) ?? 0) - (offsetMs(checkIn.offset) ?? 0);
    if (gapMs <= 0) return [];
    const calendar = gapMs >= 86_400_000;
    const current = calendar ? `P${Math.max(1, Math.round(gapMs / 86_400_000))}D` : `PT${Math.max(1, Math.round(gapMs / 1000))}S`;
    const interval = nextAdaptiveInterval(current, need, rule);
    const dueAt = new Date(new Date(checkIn.due_at).getTime() + (offsetMs(interval) ?? gapMs));
    await manager.query(`UPDATE check_in SET due_at = $2, updated_at = now() WHERE id = $1`, [next.id, dueAt]);
    if (!next.delivery_id) return [];
    const moved: [{ id: string; channel: 'sms' | 'email'; send_after: Date }[], number] = await manager.query(
      `UPDATE delivery SET due_at = $2, send_after = date_trunc('milliseconds', $2::timestamptz), updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id, channel, send_after`,
      [next.delivery_id, dueAt],
    );
    return moved[0].map((d) => ({ id: d.id, channel: d.channel, sendAfter: new Date(d.send_after), created: false }));
  }

  /** An open check-in by id, or a graduate's open one whose prompt has gone (the one a text answers). */
  private async open(manager: EntityManager, by: { id: string } | { graduateId: string; organisationId: string }, lock = false): Promise<OpenCheckIn | null> {
    const where =
      'id' in by
        ? 'c.id = $1'
        : `c.graduate_id = $1 AND c.organisation_id = $2 AND c.status = 'scheduled'
           AND EXISTS (SELECT 1 FROM delivery d WHERE d.id IN (c.delivery_id, c.nudge_delivery_id) AND d.status IN ('sent', 'delivered'))`;
    const params = 'id' in by ? [by.id] : [by.graduateId, by.organisationId];
    const rows: OpenCheckIn[] = await manager.query(
      `SELECT c.id, c.organisation_id, c.graduate_id, c.enrolment_id, c.sequence, c.offset, c.instrument, c.channel, c.due_at, c.status,
              p.definition, g.language, o.name AS organisation_name
         FROM check_in c
         JOIN check_in_enrolment e ON e.id = c.enrolment_id
         JOIN check_in_plan p ON p.id = e.plan_id
         JOIN graduate g ON g.id = c.graduate_id
         JOIN organisation o ON o.id = c.organisation_id
        WHERE ${where}
        ORDER BY c.due_at DESC LIMIT 1 ${lock ? 'FOR UPDATE OF c' : ''}`,
      params,
    );
    return rows[0] ?? null;
  }
}

type Answer =
  | { source: 'sms' | 'form'; quick: Partial<QuickAnswer> }
  | { source: 'form'; instrument: InstrumentKey; responses: Record<string, number> };

function contextOf(checkIn: OpenCheckIn): AnswerFormContext {
  return { language: checkIn.language, organisationName: checkIn.organisation_name, instrument: checkIn.instrument };
}

function offsetMs(iso: string): number | null {
  const parsed = parseIsoDuration(iso);
  return parsed.ok ? parsed.value.minMs : null;
}

function stringValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 2_000)]));
}
