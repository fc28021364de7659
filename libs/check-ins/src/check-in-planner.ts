import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CheckInPlanDefinition, type Channel, materialiseCheckIns, MessageKind, parseIsoDuration } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import {
  CheckInEnrolmentEntity,
  CheckInPlanEntity,
  CheckInStatus,
  EnrolmentStatus,
  GraduateEntity,
} from '@continuum/persistence';

/** What a (re-)plan did, and the jobs to queue once its transaction has committed. */
export interface PlanResult {
  cancelled: number;
  created: number;
  deliveries: ScheduledDelivery[];
}

/**
 * The channel a graduate's check-ins use: the plan's channel if it has one and they can be reached
 * on it, else their own first preference they can be reached on, else SMS, else email.
 */
export function checkInChannel(graduate: Pick<GraduateEntity, 'preferredChannels' | 'phone' | 'email'>, planChannel?: Channel | null): Channel | null {
  const reachable = (c: string): c is Channel => (c === 'sms' && !!graduate.phone) || (c === 'email' && !!graduate.email);
  if (planChannel && reachable(planChannel)) return planChannel;
  return graduate.preferredChannels.find(reachable) ?? (graduate.phone ? 'sms' : graduate.email ? 'email' : null);
}

/**
 * Check-ins due further out than this get their prompt (the outbox row that sends it) later, from
 * the check-in sweep (`CheckInSweeper`): a year's plan is written whole, but the outbox holds the
 * near future only. Longer than the sweep's longest interval (10 minutes) plus the delivery
 * engine's own horizon (`ENQUEUE_HORIZON_MS`, an hour), so no prompt is written late.
 */
export const PROMPT_HORIZON_MS = 2 * 60 * 60_000;

/** A check-in whose prompt is to be written. */
export interface PromptFor {
  id: string;
  organisationId: string;
  graduateId: string;
  channel: Channel;
  dueAt: Date;
}

/**
 * Writes a graduate's check-ins and their prompts, in the caller's transaction; prompts only for
 * the check-ins due within `PROMPT_HORIZON_MS`, the rest when the sweep comes to them.
 *
 * Re-planning (a new plan, discharge date, timezone, pause, resume, withdrawal) cancels every
 * check-in whose prompt has not gone yet, with its prompt, and materialises the plan again from
 * now. Check-ins already answered, missed or waiting for an answer are left exactly as they are,
 * and their sequence numbers are not used again.
 */
@Injectable()
export class CheckInPlanner {
  constructor(private readonly deliveries: DeliveryScheduler) {}

  async replan(manager: EntityManager, enrolment: CheckInEnrolmentEntity, graduate: GraduateEntity, plan: CheckInPlanEntity, reason: string, now = new Date()): Promise<PlanResult> {
    const cancelled = await this.cancelUnsent(manager, enrolment.id, reason);
    const kept: { sequence: number }[] = await manager.query(`SELECT sequence FROM check_in WHERE enrolment_id = $1 AND status <> 'cancelled'`, [enrolment.id]);
    const rows = this.rowsFor(enrolment, graduate, plan.definition, new Set(kept.map((k) => k.sequence)), now);
    const deliveries = await this.write(manager, rows, plan.definition, now);
    return { cancelled, created: rows.length, deliveries };
  }

  /** First plans for new enrolments: nothing to cancel or keep, so one write for them all. */
  async planNew(manager: EntityManager, enrolled: { enrolment: CheckInEnrolmentEntity; graduate: GraduateEntity }[], plan: CheckInPlanEntity, now = new Date()): Promise<PlanResult> {
    const rows = enrolled.flatMap(({ enrolment, graduate }) => this.rowsFor(enrolment, graduate, plan.definition, new Set(), now));
    const deliveries = await this.write(manager, rows, plan.definition, now);
    return { cancelled: 0, created: rows.length, deliveries };
  }

  private rowsFor(enrolment: CheckInEnrolmentEntity, graduate: GraduateEntity, definition: CheckInPlanDefinition, taken: Set<number>, now: Date): NewCheckIn[] {
    const active = enrolment.status === EnrolmentStatus.Active && graduate.status === 'active';
    const channel = checkInChannel(graduate, definition.channel);
    if (!active || !channel || !graduate.dischargeDate) return [];
    return materialiseCheckIns({
      plan: definition,
      dischargeDate: graduate.dischargeDate,
      timezone: graduate.timezone,
      contactHours: graduate.contactHoursStart && graduate.contactHoursEnd ? { start: graduate.contactHoursStart, end: graduate.contactHoursEnd } : null,
      now,
      enrolledAt: enrolment.enrolledAt,
    })
      .filter((c) => !taken.has(c.sequence))
      .map((c) => ({
        id: randomUUID(),
        organisationId: enrolment.organisationId,
        graduateId: enrolment.graduateId,
        enrolmentId: enrolment.id,
        sequence: c.sequence,
        offset: c.offset,
        instrument: definition.instruments?.[String(c.sequence)] ?? null,
        channel,
        dueAt: c.dueAt,
        status: CheckInStatus.Scheduled,
      }));
  }

  /** The prompts first (their ids go on the check-ins), then the check-ins. */
  private async write(manager: EntityManager, rows: NewCheckIn[], definition: CheckInPlanDefinition, now: Date): Promise<ScheduledDelivery[]> {
    if (rows.length === 0) return [];
    const horizon = now.getTime() + PROMPT_HORIZON_MS;
    const near = rows.filter((r) => r.dueAt.getTime() <= horizon);
    const deliveries = await this.writePrompts(manager, near, definition.missedAfter);
    const deliveryOf = new Map(near.map((r, i) => [r.id, deliveries[i].id]));
    await insertChunked(manager, rows.map((r) => ({ ...r, deliveryId: deliveryOf.get(r.id) ?? null })));
    return deliveries;
  }

  /**
   * The prompt of each check-in, one outbox row each (exactly once per check-in: the idempotency
   * key is the check-in's), in order. The caller puts their ids on the check-ins.
   */
  async writePrompts(manager: EntityManager, checkIns: PromptFor[], missedAfter: string): Promise<ScheduledDelivery[]> {
    if (checkIns.length === 0) return [];
    const missedAfterMs = windowMs(missedAfter);
    return this.deliveries.add(
      manager,
      checkIns.map((r) => ({
        organisationId: r.organisationId,
        graduateId: r.graduateId,
        channel: r.channel,
        purpose: 'check_ins' as const,
        kind: MessageKind.CheckInPrompt,
        idempotencyKey: `check-in:${r.id}`,
        variables: { checkInId: r.id },
        dueAt: r.dueAt,
        // A prompt that could only go after its answer window has closed is not sent at all.
        notAfter: new Date(r.dueAt.getTime() + missedAfterMs),
      })),
    );
  }

  /** Cancels the check-ins whose prompt has not been handed to a provider (or not yet written), and those prompts. */
  async cancelUnsent(manager: EntityManager, enrolmentId: string, reason: string): Promise<number> {
    const cancelled: [{ id: string; delivery_id: string | null }[], number] = await manager.query(
      `UPDATE check_in c SET status = 'cancelled', cancel_reason = $2, updated_at = now()
        WHERE c.enrolment_id = $1 AND c.status = 'scheduled'
          AND (c.delivery_id IS NULL OR EXISTS (SELECT 1 FROM delivery d WHERE d.id = c.delivery_id AND d.status = 'pending'))
        RETURNING c.id, c.delivery_id`,
      [enrolmentId, reason],
    );
    const ids = cancelled[0].map((r) => r.delivery_id).filter((id): id is string => id !== null);
    if (ids.length) {
      await manager.query(
        `UPDATE delivery SET status = 'cancelled', error_code = $2, finished_at = now(), updated_at = now() WHERE id = ANY($1) AND status = 'pending'`,
        [ids, reason],
      );
    }
    return cancelled[0].length;
  }
}

/** How long a plan's window (`missedAfter`, `nudgeAfter`) lasts at most, in ms; a month counts as 31 days. */
export function windowMs(iso: string): number {
  const parsed = parseIsoDuration(iso);
  if (!parsed.ok) throw new RangeError(`not a saved plan's duration: ${parsed.reason}`);
  return parsed.value.maxMs;
}

interface NewCheckIn {
  id: string;
  organisationId: string;
  graduateId: string;
  enrolmentId: string;
  sequence: number;
  offset: string;
  instrument: string | null;
  channel: Channel;
  dueAt: Date;
  status: CheckInStatus;
}

/** One INSERT per 5,000 check-ins, the values as arrays; `deliveryId` null for a prompt not written yet. */
async function insertChunked(manager: EntityManager, rows: (NewCheckIn & { deliveryId: string | null })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    await manager.query(
      `INSERT INTO check_in (id, organisation_id, graduate_id, enrolment_id, sequence, "offset", instrument, channel, due_at, status, delivery_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::uuid[])`,
      [
        chunk.map((r) => r.id),
        chunk.map((r) => r.organisationId),
        chunk.map((r) => r.graduateId),
        chunk.map((r) => r.enrolmentId),
        chunk.map((r) => r.sequence),
        chunk.map((r) => r.offset),
        chunk.map((r) => r.instrument),
        chunk.map((r) => r.channel),
        chunk.map((r) => r.dueAt),
        chunk.map((r) => r.status),
        chunk.map((r) => r.deliveryId),
      ],
    );
  }
}
