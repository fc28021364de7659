import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import type { Channel, ConsentPurpose } from '@continuum/domain';
import { DeliveryEntity, type DeliveryPriority, DeliveryStatus } from '@continuum/persistence';
import { JobName, JobProducer } from '@continuum/queue';

export interface DeliveryRequest {
  organisationId: string;
  graduateId: string;
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

/**
 * The one way a feature asks for a message. `add` writes outbox rows in the caller's transaction
 * (exactly once per idempotency key); `enqueue` wakes the worker after that transaction commits.
 * If the process dies in between, the reconciler finds the rows.
 */
@Injectable()
export class DeliveryScheduler {
  private readonly logger = new Logger(DeliveryScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
  ) {}

  async add(manager: EntityManager, requests: DeliveryRequest[]): Promise<ScheduledDelivery[]> {
    if (requests.length === 0) return [];
    const inserted: Pick<DeliveryEntity, 'id' | 'idempotencyKey'>[] = [];
    for (let i = 0; i < requests.length; i += 1_000) {
      const chunk = requests.slice(i, i + 1_000);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(DeliveryEntity)
        .values(
          chunk.map((r) => ({
            organisationId: r.organisationId,
            graduateId: r.graduateId,
            contactId: r.contactId ?? null,
            staffUserId: r.staffUserId ?? null,
            channel: r.channel,
            purpose: r.purpose,
            kind: r.kind,
            priority: r.priority ?? 'routine',
            idempotencyKey: r.idempotencyKey,
            variables: r.variables ?? {},
            dueAt: r.dueAt,
            notAfter: r.notAfter ?? null,
            sendAfter: r.dueAt,
          })),
        )
        .orIgnore()
        .returning(['id', 'idempotencyKey'])
        .execute();
      inserted.push(...(result.raw as { id: string; idempotency_key: string }[]).map((r) => ({ id: r.id, idempotencyKey: r.idempotency_key })));
    }
    const createdKeys = new Set(inserted.map((r) => r.idempotencyKey));
    const rows = await manager.getRepository(DeliveryEntity).find({
      select: { id: true, channel: true, sendAfter: true, idempotencyKey: true, organisationId: true },
      where: { organisationId: In([...new Set(requests.map((r) => r.organisationId))]), idempotencyKey: In(requests.map((r) => r.idempotencyKey)) },
    });
    const byKey = new Map(rows.map((r) => [`${r.organisationId}\u0000${r.idempotencyKey}`, r]));
    return requests.map((r) => {
      const row = byKey.get(`${r.organisationId}\u0000${r.idempotencyKey}`) as DeliveryEntity;
      return { id: row.id, channel: row.channel, sendAfter: row.sendAfter, created: createdKeys.has(r.idempotencyKey) };
    });
  }

  /**
   * Best effort: a job that cannot be queued now is re-enqueued by the reconciler from Postgres,
   * which also queues, later, the deliveries beyond ENQUEUE_HORIZON_MS that this skips.
   */
  async enqueue(deliveries: Pick<ScheduledDelivery, 'id' | 'channel' | 'sendAfter'>[]): Promise<void> {
    const now = Date.now();
    for (const channel of ['sms', 'email'] as const) {
      const jobs = deliveries
        .filter((d) => d.channel === channel && d.sendAfter.getTime() - now <= ENQUEUE_HORIZON_MS)
        .map((d) => ({ payload: { deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() }, delayMs: d.sendAfter.getTime() - now }));
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
        rows.map((d) => ({ deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() })),
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
