import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageKind } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import { AlertKind, appendEngagementEvents } from '@continuum/persistence';
import { AlertsService } from './alerts.service';
import { CheckInPlanner, PROMPT_HORIZON_MS } from './check-in-planner';

export interface SweepResult {
  /** Check-ins whose prompt was written, as they came within `PROMPT_HORIZON_MS`. */
  prompted: number;
  nudged: number;
  missed: number;
  /** Check-ins whose prompt was cancelled or failed (consent gone, STOP, a bad number). */
  undeliverable: number;
}

/** Rows per statement, so one tick never holds many locks for long. */
const BATCH = 500;
/** Most prompt batches one tick writes (a backlog after downtime is caught up over a few ticks). */
const PROMPT_BATCHES_PER_TICK = 20;

/**
 * The worker's check-in tick. The answer window of a check-in opens when its prompt is handed to
 * the provider (not when it was due: quiet hours and caps may have held it), so nudges and misses
 * count from `delivery.submitted_at`. Postgres reads the plans' ISO-8601 durations as intervals.
 */
@Injectable()
export class CheckInSweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryScheduler,
    private readonly alerts: AlertsService,
    private readonly planner: CheckInPlanner,
  ) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    let prompted = 0;
    for (let batch = 0; batch < PROMPT_BATCHES_PER_TICK; batch += 1) {
      const written = await this.prompt(now);
      prompted += written;
      if (written < BATCH) break;
    }
    const undeliverable = await this.closeUndeliverable();
    const nudged = await this.nudge();
    const missed = await this.markMissed();
    return { prompted, nudged, missed, undeliverable };
  }

  /**
   * Prompts for the scheduled check-ins that came within `PROMPT_HORIZON_MS` of `now` (planning
   * writes the nearer ones itself), queued once written. Locked and skipped when locked, so two
   * workers sweeping at once write each prompt once (the idempotency key would hold it anyway).
   */
  private async prompt(now: Date): Promise<number> {
    let queued: ScheduledDelivery[] = [];
    const count = await this.dataSource.transaction(async (manager) => {
      const due: { id: string; organisation_id: string; graduate_id: string; channel: 'sms' | 'email'; due_at: Date; missed_after: string }[] = await manager.query(
        `SELECT c.id, c.organisation_id, c.graduate_id, c.channel, c.due_at, p.definition->>'missedAfter' AS missed_after
           FROM check_in c
           JOIN check_in_enrolment e ON e.id = c.enrolment_id
           JOIN check_in_plan p ON p.id = e.plan_id
          WHERE c.status = 'scheduled' AND c.delivery_id IS NULL AND c.due_at <= $1
          ORDER BY c.due_at LIMIT ${BATCH} FOR UPDATE OF c SKIP LOCKED`,
        [new Date(now.getTime() + PROMPT_HORIZON_MS)],
      );
      if (due.length === 0) return 0;
      // One plan's window per batch call: plans are few, check-ins many.
      const byWindow = new Map<string, typeof due>();
      for (const c of due) byWindow.set(c.missed_after, [...(byWindow.get(c.missed_after) ?? []), c]);
      for (const [missedAfter, checkIns] of byWindow) {
        const written = await this.planner.writePrompts(
          manager,
          checkIns.map((c) => ({ id: c.id, organisationId: c.organisation_id, graduateId: c.graduate_id, channel: c.channel, dueAt: new Date(c.due_at) })),
          missedAfter,
        );
        await manager.query(
          `UPDATE check_in c SET delivery_id = p.delivery_id, updated_at = now()
             FROM unnest($1::uuid[], $2::uuid[]) AS p(id, delivery_id) WHERE c.id = p.id`,
          [checkIns.map((c) => c.id), written.map((d) => d.id)],
        );
        queued = queued.concat(written);
      }
      return due.length;
    });
    await this.deliveries.enqueue(queued);
    return count;
  }

  private async closeUndeliverable(): Promise<number> {
    const closed: [unknown[], number] = await this.dataSource.query(
      `UPDATE check_in c SET status = 'cancelled', cancel_reason = 'prompt_' || d.status || coalesce(':' || d.error_code, ''), updated_at = now()
         FROM delivery d
        WHERE c.id IN (SELECT c2.id FROM check_in c2 JOIN delivery d2 ON d2.id = c2.delivery_id
                        WHERE c2.status = 'scheduled' AND d2.status IN ('cancelled', 'failed') LIMIT ${BATCH})
          AND d.id = c.delivery_id
        RETURNING c.id`,
    );
    return closed[1];
  }

  private async nudge(): Promise<number> {
    let queued: ScheduledDelivery[] = [];
    const count = await this.dataSource.transaction(async (manager) => {
      const due: { id: string; organisation_id: string; graduate_id: string; channel: 'sms' | 'email'; closes_at: Date }[] = await manager.query(
        `SELECT c.id, c.organisation_id, c.graduate_id, c.channel, d.submitted_at + (p.definition->>'missedAfter')::interval AS closes_at
           FROM check_in c
           JOIN delivery d ON d.id = c.delivery_id
           JOIN check_in_enrolment e ON e.id = c.enrolment_id
           JOIN check_in_plan p ON p.id = e.plan_id
          WHERE c.status = 'scheduled' AND c.nudge_delivery_id IS NULL AND d.status IN ('sent', 'delivered')
            AND p.definition->>'nudgeAfter' IS NOT NULL
            AND d.submitted_at + (p.definition->>'nudgeAfter')::interval <= now()
            AND d.submitted_at + (p.definition->>'missedAfter')::interval > now()
          LIMIT ${BATCH} FOR UPDATE OF c SKIP LOCKED`,
      );
      if (due.length === 0) return 0;
      const now = new Date();
      queued = await this.deliveries.add(
        manager,
        due.map((c) => ({
          organisationId: c.organisation_id,
          graduateId: c.graduate_id,
          channel: c.channel,
          purpose: 'check_ins' as const,
          kind: MessageKind.CheckInNudge,
          idempotencyKey: `check-in-nudge:${c.id}`,
          variables: { checkInId: c.id },
          dueAt: now,
          notAfter: new Date(c.closes_at),
        })),
      );
      await manager.query(
        `UPDATE check_in c SET nudge_delivery_id = n.delivery_id, updated_at = now()
           FROM unnest($1::uuid[], $2::uuid[]) AS n(id, delivery_id) WHERE c.id = n.id`,
        [due.map((c) => c.id), queued.map((d) => d.id)],
      );
      await appendEngagementEvents(
        manager,
        due.map((c) => ({ organisationId: c.organisation_id, graduateId: c.graduate_id, kind: 'check_in.nudged' as const, refId: c.id })),
      );
      return due.length;
    });
    await this.deliveries.enqueue(queued);
    return count;
  }

  /**
   * Closes windows that ran out: the check-in is missed (an engagement event). On a plan where
   * silence asks for contact, that raises a coordinator task; two misses in a row raise an
   * at-risk alert. Alerts are keyed by check-in, so a repeated tick raises each once.
   */
  private async markMissed(): Promise<number> {
    let queued: ScheduledDelivery[] = [];
    const count = await this.dataSource.transaction(async (manager) => {
      const missed: [{ id: string; organisation_id: string; graduate_id: string; enrolment_id: string; sequence: number; silence: boolean }[], number] = await manager.query(
        `UPDATE check_in c SET status = 'missed', missed_at = now(), updated_at = now()
           FROM (SELECT c2.id, (p.definition->>'silenceMeansContact')::boolean AS silence
                   FROM check_in c2
                   JOIN delivery d ON d.id = c2.delivery_id
                   JOIN check_in_enrolment e ON e.id = c2.enrolment_id
                   JOIN check_in_plan p ON p.id = e.plan_id
                  WHERE c2.status = 'scheduled' AND d.status IN ('sent', 'delivered')
                    AND d.submitted_at + (p.definition->>'missedAfter')::interval <= now()
                  LIMIT ${BATCH} FOR UPDATE OF c2 SKIP LOCKED) due
          WHERE c.id = due.id
          RETURNING c.id, c.organisation_id, c.graduate_id, c.enrolment_id, c.sequence, due.silence`,
      );
      const rows = missed[0];
      if (rows.length === 0) return 0;
      await appendEngagementEvents(
        manager,
        rows.map((c) => ({ organisationId: c.organisation_id, graduateId: c.graduate_id, kind: 'check_in.missed' as const, refId: c.id })),
      );
      const previous: { id: string; previous_status: string | null }[] = await manager.query(
        `SELECT c.id, (SELECT p.status FROM check_in p WHERE p.enrolment_id = c.enrolment_id AND p.sequence < c.sequence AND p.status <> 'cancelled'
                        ORDER BY p.sequence DESC LIMIT 1) AS previous_status
           FROM check_in c WHERE c.id = ANY($1)`,
        [rows.map((r) => r.id)],
      );
      const twice = new Set(previous.filter((p) => p.previous_status === 'missed').map((p) => p.id));
      for (const row of rows) {
        const base = { organisationId: row.organisation_id, graduateId: row.graduate_id, checkInId: row.id, urgency: 'routine' as const };
        if (twice.has(row.id)) {
          const raised = await this.alerts.raise(manager, { ...base, kind: AlertKind.MissedTwice, reasons: ['missed_twice'], dedupeKey: `missed-twice:${row.id}` });
          queued = queued.concat(raised.pages);
        }
        if (row.silence) {
          const raised = await this.alerts.raise(manager, { ...base, kind: AlertKind.NoAnswer, reasons: ['no_answer'], dedupeKey: `no-answer:${row.id}` });
          queued = queued.concat(raised.pages);
        }
      }
      return rows.length;
    });
    await this.deliveries.enqueue(queued);
    return count;
  }
}
