import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import type { Channel, ConsentPurpose } from '@continuum/domain';
import { DeliveryEntity, type DeliveryPriority, DeliveryStatus } from '@continuum/persistence';
import { type DeliveryJobItem, JobName, JobProducer, type JobRequest, type SingleJob } from '@continuum/queue';

export interface DeliveryRequest {
  organisationId: string;
  /** Who the message is to or about; null only for a message to staff about no one graduate (the daily digest). */
  graduateId: string | null;
  /** The family member or support contact; absent for the graduate. */
  contactId?: string | null;
  /** A staff member to page about the graduate (an alert), instead of the graduate or a contact. */
  staffUserId?: string | null;
  channel: Channel;
  purpose: ConsentPurpose;
  kind: string;
  priority?: DeliveryPriority;
  /** Unique per occurrence within the organisation, e.g. `meeting-reminder:<occurrence>:<graduate>:sms`. */
  idempotencyKey: string;
  variables?: Record<string, string>;
  dueAt: Date;
  notAfter?: Date | null;
  /** The feature record the message is about, so the feature can cancel it (`cancelDeliveriesAbout`). */
  subjectId?: string | null;
}

export interface ScheduledDelivery {
  id: string;
  channel: Channel;
  sendAfter: Date;
  /** False when the idempotency key already existed: nothing new was written. */
  created: boolean;
}

const jobFor = (channel: Channel) => (channel === 'sms' ? JobName.SendSms : JobName.SendEmail);

/**
 * Deliveries due further out than this get no job yet: Redis holds the near future only (a year
 * of check-ins for 10,000 graduates would be 200,000 delayed jobs). The reconciler gives each
 * delivery its job once it comes within the horizon.
 */
export const ENQUEUE_HORIZON_MS = 60 * 60_000;

/** A delivery's own job as the producer files and finds its alias: it runs when the row is due. */
const ownJob = (item: DeliveryJobItem): SingleJob<ReturnType<typeof jobFor>> => ({ payload: item, runAt: item.sendAfterMs });

/** Deliveries due within this long of the first of them share a job, which runs when the last is due. */
export const BATCH_WINDOW_MS = 50;
/** The most deliveries one job carries. */
export const MAX_DELIVERIES_PER_JOB = 25;

export interface DeliveryJobShape {
  /** Deliveries one job carries at most. */
  perJob: number;
  /** The queue's BullMQ limiter, which counts jobs: never more than `ratePerSecond` messages. */
  jobsPerSecond: number;
  /** Jobs one worker runs at once, so that about `concurrency` messages are in flight. */
  jobConcurrency: number;
}

/**
 * How a channel's queue is worked at a provider rate. Several deliveries share a job only where
 * the rate leaves room (100 messages a second and more): perJob × jobsPerSecond never exceeds the
 * rate, and a delivery due alone still gets 100 jobs a second or more. At the defaults (1 SMS and
 * 10 emails a second) every job is one delivery.
 */
export function deliveryJobShape(ratePerSecond: number, concurrency: number): DeliveryJobShape {
  const perJob = Math.max(1, Math.min(MAX_DELIVERIES_PER_JOB, Math.floor(ratePerSecond / 100)));
  return {
    perJob,
    jobsPerSecond: Math.max(1, Math.floor(ratePerSecond / perJob)),
    jobConcurrency: Math.max(1, Math.ceil(concurrency / perJob)),
  };
}

/**
 * Splits deliveries (in order of `sendAfter`) into jobs of at most `perJob`, each spanning at most
 * `windowMs` from its first `sendAfter` to its last; none is ever sent before it is due.
 */
export function deliveryBatches<T extends { sendAfter: Date }>(deliveries: readonly T[], perJob: number, windowMs = BATCH_WINDOW_MS): T[][] {
  const sorted = [...deliveries].sort((a, b) => a.sendAfter.getTime() - b.sendAfter.getTime());
  const batches: T[][] = [];
  let current: T[] = [];
  for (const delivery of sorted) {
    if (current.length > 0 && (current.length >= perJob || delivery.sendAfter.getTime() - current[0].sendAfter.getTime() > windowMs)) {
      batches.push(current);
      current = [];
    }
    current.push(delivery);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Rows per INSERT in `add`. */
const ADD_CHUNK = 5_000;

interface DeliveryKeyRow {
  id: string;
  organisation_id: string;
  idempotency_key: string;
  channel: Channel;
  send_after: Date;
}

function toScheduled(row: DeliveryKeyRow, created: boolean): ScheduledDelivery {
  return { id: row.id, channel: row.channel, sendAfter: new Date(row.send_after), created };
}

/**
 * The one way a feature asks for a message. `add` writes outbox rows in the caller's transaction
 * (exactly once per idempotency key); `enqueue` wakes the worker after that transaction commits.
 * If the process dies in between, the reconciler finds the rows.
 */
@Injectable()
export class DeliveryScheduler {
  private readonly logger = new Logger(DeliveryScheduler.name);

  private readonly perJob: Record<Channel, number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.perJob = {
      sms: deliveryJobShape(config.SMS_RATE_PER_SECOND, config.DELIVERY_CONCURRENCY).perJob,
      email: deliveryJobShape(config.EMAIL_RATE_PER_SECOND, config.DELIVERY_CONCURRENCY).perJob,
    };
  }

  async add(manager: EntityManager, requests: DeliveryRequest[]): Promise<ScheduledDelivery[]> {
    if (requests.length === 0) return [];
    const keyOf = (organisationId: string, key: string) => `${organisationId}\u0000${key}`;
    const found = new Map<string, ScheduledDelivery>();
    // One statement per chunk, its values as arrays (TypeORM's insert builder spent more time
    // naming parameters than Postgres spent inserting). Rows whose key exists are left alone.
    for (let i = 0; i < requests.length; i += ADD_CHUNK) {
      const chunk = requests.slice(i, i + ADD_CHUNK);
      const inserted: DeliveryKeyRow[] = await manager.query(
        `INSERT INTO delivery (organisation_id, graduate_id, contact_id, staff_user_id, channel, purpose, kind, priority,
                               idempotency_key, variables, due_at, not_after, send_after, subject_id)
         SELECT o, g, c, s, ch, p, k, pr, ik, v, d, na, d, sj
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::jsonb[], $11::timestamptz[], $12::timestamptz[], $13::uuid[]) AS t(o, g, c, s, ch, p, k, pr, ik, v, d, na, sj)
         ON CONFLICT (organisation_id, idempotency_key) DO NOTHING
         RETURNING id, organisation_id, idempotency_key, channel, send_after`,
        [
          chunk.map((r) => r.organisationId),
          chunk.map((r) => r.graduateId),
          chunk.map((r) => r.contactId ?? null),
          chunk.map((r) => r.staffUserId ?? null),
          chunk.map((r) => r.channel),
          chunk.map((r) => r.purpose),
          chunk.map((r) => r.kind),
          chunk.map((r) => r.priority ?? 'routine'),
          chunk.map((r) => r.idempotencyKey),
          chunk.map((r) => JSON.stringify(r.variables ?? {})),
          chunk.map((r) => r.dueAt),
          chunk.map((r) => r.notAfter ?? null),
          chunk.map((r) => r.subjectId ?? null),
        ],
      );
      for (const row of inserted) found.set(keyOf(row.organisation_id, row.idempotency_key), toScheduled(row, true));
    }
    // Keys that existed already (a producer retrying): their rows, unchanged.
    const missing = requests.filter((r) => !found.has(keyOf(r.organisationId, r.idempotencyKey)));
    for (let i = 0; i < missing.length; i += ADD_CHUNK) {
      const chunk = missing.slice(i, i + ADD_CHUNK);
      const existing: DeliveryKeyRow[] = await manager.query(
        `SELECT d.id, d.organisation_id, d.idempotency_key, d.channel, d.send_after
           FROM delivery d JOIN unnest($1::uuid[], $2::text[]) AS k(o, ik) ON d.organisation_id = k.o AND d.idempotency_key = k.ik`,
        [chunk.map((r) => r.organisationId), chunk.map((r) => r.idempotencyKey)],
      );
      for (const row of existing) found.set(keyOf(row.organisation_id, row.idempotency_key), toScheduled(row, false));
    }
    return requests.map((r) => found.get(keyOf(r.organisationId, r.idempotencyKey)) as ScheduledDelivery);
  }

  /**
   * Best effort: a job that cannot be queued now is re-enqueued by the reconciler from Postgres,
   * which also queues, later, the deliveries beyond ENQUEUE_HORIZON_MS that this skips.
   * Deliveries due together share jobs (`deliveryBatches`, `deliveryJobShape`): each job is a
   * round trip to Redis fewer for the rest, and the dispatcher handles its deliveries as one batch.
   */
  async enqueue(deliveries: Pick<ScheduledDelivery, 'id' | 'channel' | 'sendAfter'>[]): Promise<void> {
    const now = Date.now();
    for (const channel of ['sms', 'email'] as const) {
      const due = deliveries.filter((d) => d.channel === channel && d.sendAfter.getTime() - now <= ENQUEUE_HORIZON_MS);
      const jobs = deliveryBatches(due, this.perJob[channel]).map((batch): JobRequest<ReturnType<typeof jobFor>> => {
        const items: DeliveryJobItem[] = batch.map((d) => ({ deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() }));
        // Sorted, so the last is due last: the job runs when all of them are due.
        const runAt = items[items.length - 1].sendAfterMs;
        if (items.length === 1) return { payload: items[0], runAt };
        const [first, ...also] = items;
        return { payload: { ...first, also }, runAt, standsFor: items.map(ownJob) };
      });
      try {
        await this.producer.enqueueMany(jobFor(channel), jobs);
      } catch (error) {
        this.logger.warn({ count: jobs.length, err: (error as Error).message }, 'could not enqueue deliveries; the reconciler will');
      }
    }
  }

  /** Writes and enqueues in one call, for producers with no transaction of their own. */
  async schedule(requests: DeliveryRequest[]): Promise<ScheduledDelivery[]> {
    const scheduled = await this.dataSource.transaction((manager) => this.add(manager, requests));
    await this.enqueue(scheduled.filter((d) => d.created));
    return scheduled;
  }

  /**
   * Job ids carry `send_after` in milliseconds, so every `send_after` written here is truncated
   * to milliseconds (Postgres keeps microseconds; JavaScript dates do not).
   *
   * Postgres is the truth, Redis the trigger. Every due delivery whose job Redis no longer holds
   * as live work (lost with a flush, or ended without settling the row) gets a fresh job: rows
   * whose old job id is spent move their `send_after` to now, which names a new job. A worker
   * that died mid-send left its row `submitting`; after `stuckAfterMs` it becomes `unknown`, which
   * is looked up at the provider before anything is sent again.
   */
  async reconcile(options: { stuckAfterMs: number; limit?: number }): Promise<{ requeued: number; stuck: number }> {
    // A stuck row gets a new send_after at once, so its new job does not wait for BullMQ to notice
    // the dead worker's lock (up to a minute), and the dead worker's job, should it ever resume,
    // finds itself superseded.
    const stuck: [{ id: string; channel: 'sms' | 'email'; send_after: Date }[], number] = await this.dataSource.query(
      `UPDATE delivery SET status = 'unknown', error_code = 'WORKER_LOST', send_after = date_trunc('milliseconds', clock_timestamp()), updated_at = now()
        WHERE status = 'submitting' AND submitted_at < now() - make_interval(secs => $1::double precision / 1000)
        RETURNING id, channel, send_after`,
      [options.stuckAfterMs],
    );
    await this.enqueue(stuck[0].map((r) => ({ id: r.id, channel: r.channel, sendAfter: new Date(r.send_after) })));
    const horizon = new Date(Date.now() + ENQUEUE_HORIZON_MS);
    const due = await this.dataSource.getRepository(DeliveryEntity).find({
      select: { id: true, channel: true, sendAfter: true },
      where: { status: In([DeliveryStatus.Pending, DeliveryStatus.Unknown]), sendAfter: LessThanOrEqual(horizon) },
      order: { sendAfter: 'ASC' },
      take: options.limit ?? 2_000,
    });
    let requeued = 0;
    for (const channel of ['sms', 'email'] as const) {
      const rows = due.filter((d) => d.channel === channel);
      if (rows.length === 0) continue;
      const live = await this.producer.liveJobs(
        jobFor(channel),
        rows.map((d) => ownJob({ deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() })),
      );
      const nowMs = Date.now();
      // Coming due within the horizon and never queued: queued now, for their own time.
      const upcoming = rows.filter((d, i) => !live[i] && d.sendAfter.getTime() > nowMs);
      await this.enqueue(upcoming);
      requeued += upcoming.length;
      const orphans = rows.filter((d, i) => !live[i] && d.sendAfter.getTime() <= nowMs);
      if (orphans.length === 0) continue;
      // Conditional on the send_after we saw: when two workers reconcile at once, one renews each row.
      const renewed: [{ id: string; send_after: Date }[], number] = await this.dataSource.query(
        `UPDATE delivery d SET send_after = date_trunc('milliseconds', clock_timestamp()), updated_at = now()
           FROM unnest($1::uuid[], $2::timestamptz[]) AS seen(id, send_after)
          WHERE d.id = seen.id AND date_trunc('milliseconds', d.send_after) = seen.send_after AND d.status IN ('pending', 'unknown')
          RETURNING d.id, d.send_after`,
        [orphans.map((d) => d.id), orphans.map((d) => d.sendAfter)],
      );
      await this.enqueue(renewed[0].map((r) => ({ id: r.id, channel, sendAfter: new Date(r.send_after) })));
      requeued += renewed[0].length;
    }
    return { requeued, stuck: stuck[0].length };
  }
}
