import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { type AppConfig, ConfigModule, loadConfig } from '@continuum/config';
import { DeliveryModule, type DeliveryRequest, DeliveryScheduler, Dispatcher, SMS_TRANSPORT } from '@continuum/delivery';
import type { OutgoingSms, ProviderRecord, SendOutcome, SmsTransport } from '@continuum/messaging';
import { dataSourceOptions, runMigrations } from '@continuum/persistence';
import { dispatchJob, type JobHandlers, JobName, type JobResult, QueueModule, QueueName, redisConnectionOptions } from '@continuum/queue';
import { createOrganisation, FakeTwilio } from '@continuum/testing';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

/** How the worker runs: `SmsDeliveryProcessor`'s concurrency (20) over `DATABASE_POOL_SIZE` connections (default 10). */
export interface WorkerShape {
  concurrency: number;
  poolSize: number;
}
/** The SMS queue's limiter, set so high it never holds a job back (config allows at most 1,000/s). */
const LIMITER_PER_SECOND = 100_000;
/** A delivery whose open count has not moved for this long means the pipeline is stuck, not slow. */
const STALL_MS = 60_000;

/** An SMS "provider" that takes every message at once and only counts: the pipeline without a network. */
export class CountingSmsTransport implements SmsTransport {
  readonly name = 'bench-counting';
  sent = 0;

  async send(message: OutgoingSms): Promise<SendOutcome> {
    this.sent += 1;
    return { kind: 'accepted', providerId: `BENCH-${message.deliveryId}`, providerStatus: 'sent' };
  }

  async find(): Promise<ProviderRecord | null> {
    return null;
  }
}

/**
 * The delivery engine as the worker runs it: `DeliveryModule` with the worker's queue role, the
 * same connection options and configuration, and with `SMS_TRANSPORT` replaced when a transport
 * is given. A dynamic module's own providers are registered after the static ones of its class,
 * so the `SMS_TRANSPORT` given here is the one `Dispatcher` receives (the bench checks it: every
 * delivery must reach the given transport).
 */
@Module({})
class DeliveryBenchModule {
  static forRoot(config: AppConfig, sms?: SmsTransport, features: Type[] = []): DynamicModule {
    // A feature module (MeetingsModule) imports the static `DeliveryModule`; next to the dynamic one
    // below it would get an engine of its own, whose composer the bench's worker never uses.
    if (sms && features.length) throw new Error('delivery bench: feature modules need the configured transport (DeliveryBench.twilio)');
    return {
      module: DeliveryBenchModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config, 'continuum-bench-delivery')),
        QueueModule.forRoot('worker'),
        sms ? { module: DeliveryModule, providers: [{ provide: SMS_TRANSPORT, useValue: sms }] } : DeliveryModule,
        // The link, calendar and reply hooks the engine calls while sending, as in the worker.
        ...features,
      ],
    };
  }
}

export interface DrainResult {
  /** From the start of enqueueing to the last delivery's `sent` status write. */
  seconds: number;
  deliveries: number;
  /** Jobs that threw (BullMQ retries them after its backoff, so they also slow the figure down). */
  failedJobs: number;
}

/**
 * One Nest application context, one Redis prefix, one BullMQ worker on `delivery-sms` calling
 * `Dispatcher.handle` exactly as `SmsDeliveryProcessor` does (the bench may not import the apps).
 */
export class DeliveryBench {
  private failedJobs = 0;
  private lastFailure = '';

  private constructor(
    private readonly app: INestApplicationContext,
    private readonly worker: Worker,
    private readonly pg: Client,
    readonly dataSource: DataSource,
    /** How many messages the transport has taken so far (cheap to read; Postgres has the truth). */
    private readonly transportCount: () => number,
    private readonly cleanup: () => Promise<void>,
  ) {
    worker.on('failed', (_job, error) => {
      this.failedJobs += 1;
      this.lastFailure = error.message;
    });
    worker.on('error', (error) => {
      this.lastFailure = error.message;
    });
  }

  /** The engine with the in-process counting transport. */
  static async counting(env: BenchEnvironment, name: string, shape: WorkerShape): Promise<DeliveryBench> {
    const transport = new CountingSmsTransport();
    const config = benchConfig(env, name, shape, {});
    return DeliveryBench.start(config, shape, transport, () => transport.sent, async () => undefined);
  }

  /**
   * The engine with the real `TwilioSmsTransport` (from configuration) against `FakeTwilio` on
   * loopback; `features` are feature modules added to the context as the worker adds them
   * (`MeetingsModule` registers the links its messages carry).
   */
  static async twilio(env: BenchEnvironment, name: string, shape: WorkerShape, features: Type[] = []): Promise<DeliveryBench> {
    const fake = new FakeTwilio();
    const { baseUrl } = await fake.start();
    const config = benchConfig(env, name, shape, {
      SMS_TRANSPORT: 'twilio',
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM_NUMBER: '+15555550100',
      TWILIO_API_BASE_URL: baseUrl,
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    });
    return DeliveryBench.start(config, shape, undefined, () => fake.messages.length, () => fake.stop(), features);
  }

  private static async start(
    config: AppConfig,
    shape: WorkerShape,
    sms: SmsTransport | undefined,
    transportCount: () => number,
    cleanup: () => Promise<void>,
    features: Type[] = [],
  ): Promise<DeliveryBench> {
    const app = await NestFactory.createApplicationContext(DeliveryBenchModule.forRoot(config, sms, features), { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    const dispatcher = app.get(Dispatcher);
    const handlers: JobHandlers<typeof QueueName.DeliverySms> = {
      [JobName.SendSms]: ({ deliveryId, sendAfterMs }) => dispatcher.handle(deliveryId, sendAfterMs),
    };
    const worker = new Worker<unknown, JobResult>(QueueName.DeliverySms, (job: Job) => dispatchJob(QueueName.DeliverySms, handlers, job), {
      connection: redisConnectionOptions(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency: shape.concurrency,
      limiter: { max: LIMITER_PER_SECOND, duration: 1_000 },
      autorun: false,
    });
    await worker.waitUntilReady();
    void worker.run().catch(() => undefined);
    // Progress is read on a connection of its own, outside the engine's pool.
    const pg = new Client({ connectionString: config.DATABASE_URL });
    await pg.connect();
    return new DeliveryBench(app, worker, pg, dataSource, transportCount, cleanup);
  }

  get scheduler(): DeliveryScheduler {
    return this.app.get(DeliveryScheduler);
  }

  /** A provider of the context (a feature module's service). */
  get<T>(type: Type<T>): T {
    return this.app.get(type, { strict: false });
  }

  /**
   * A new organisation (or the one given, which must have no graduates yet) with `count` active
   * graduates (phone, noon local time) who consented to SMS meeting messages.
   */
  async seedRecipients(count: number, organisationId?: string): Promise<string> {
    const organisation = organisationId ? { id: organisationId } : await createOrganisation(this.dataSource, 'Bench Program');
    await this.dataSource.query(
      `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, timezone, phone, preferred_channels, status)
       SELECT $1, 'BENCH-' || i, 'Robin', 'Bench' || i, 'bench' || i || ' robin', $2, '+1' || (2020000000 + i)::text, '{sms}', 'active'
       FROM generate_series(1, $3::int) AS i`,
      [organisation.id, zoneWhereLocalHourIs(12), count],
    );
    await this.dataSource.query(
      `INSERT INTO consent_record (organisation_id, graduate_id, channel, purpose, decision, method, shown_text)
       SELECT organisation_id, id, 'sms', 'meeting_invites', 'granted', 'verbal', 'We will text you meeting reminders. Reply STOP to end.'
       FROM graduate WHERE organisation_id = $1`,
      [organisation.id],
    );
    await this.dataSource.query('ANALYZE graduate, consent_record');
    return organisation.id;
  }

  /** One meeting reminder per graduate of the organisation, written with `DeliveryScheduler.add` in one transaction. */
  async addReminders(organisationId: string, dueAt: (index: number) => Date): Promise<{ id: string; channel: 'sms'; sendAfter: Date }[]> {
    const graduates: { id: string }[] = await this.dataSource.query('SELECT id FROM graduate WHERE organisation_id = $1 ORDER BY external_id', [
      organisationId,
    ]);
    const requests: DeliveryRequest[] = graduates.map((g, i) => reminderFor(organisationId, g.id, dueAt(i)));
    const scheduled = await this.dataSource.transaction((manager) => this.scheduler.add(manager, requests));
    await this.dataSource.query('ANALYZE delivery');
    return scheduled.map((d) => ({ id: d.id, channel: 'sms', sendAfter: d.sendAfter }));
  }

  /** The same reminders written with one `INSERT … SELECT` (no idempotency lookups), for big backlogs. */
  async insertReminders(organisationId: string, dueAt: Date): Promise<{ id: string; channel: 'sms'; sendAfter: Date }[]> {
    const rows: { id: string; send_after: Date }[] = await this.dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after)
       SELECT organisation_id, id, 'sms', 'meeting_invites', 'meeting.reminder', 'bench-reminder:' || id, $2::jsonb, $3, $3
       FROM graduate WHERE organisation_id = $1
       RETURNING id, send_after`,
      [organisationId, JSON.stringify(REMINDER_VARIABLES), dueAt],
    );
    await this.dataSource.query('ANALYZE delivery');
    return rows.map((r) => ({ id: r.id, channel: 'sms', sendAfter: new Date(r.send_after) }));
  }

  /**
   * Enqueues the deliveries with `DeliveryScheduler.enqueue` (slices of 10,000, one BullMQ addBulk
   * each) and drains them (`drain`): timed from the start of enqueueing to the last `sent` write.
   */
  async enqueueAndDrain(
    organisationId: string,
    deliveries: { id: string; channel: 'sms'; sendAfter: Date }[],
    options: { enqueuedBy?: number } = {},
  ): Promise<DrainResult> {
    return this.drain(organisationId, deliveries.length, async () => {
      for (let i = 0; i < deliveries.length; i += 10_000) await this.scheduler.enqueue(deliveries.slice(i, i + 10_000));
      if (options.enqueuedBy !== undefined && Date.now() > options.enqueuedBy) {
        throw new Error('delivery bench: enqueueing ended after the first delivery was due; the figure would measure it');
      }
    });
  }

  /**
   * Runs `start` (whatever writes and queues the organisation's deliveries) while the worker runs,
   * and waits until no delivery of the organisation is still open; then checks that `expected`
   * were sent, through this bench's transport. Timed from the start of `start` to the last `sent`
   * write, as Postgres stamped it (same host clock).
   */
  async drain(organisationId: string, expected: number, start: () => Promise<void>): Promise<DrainResult> {
    const transportBefore = this.transportCount();
    const failedBefore = this.failedJobs;
    const startedAtMs = Date.now();
    await start();
    const taken = () => this.transportCount() - transportBefore;
    let lastCount = -1;
    let lastChange = Date.now();
    for (;;) {
      await sleep(100);
      const count = taken();
      if (count !== lastCount) {
        lastCount = count;
        lastChange = Date.now();
      }
      // Reading Postgres costs the engine CPU: only once the transport has seen every message, or progress stops.
      if (count < expected && Date.now() - lastChange < 2_000) continue;
      const [{ open }] = (
        await this.pg.query<{ open: number }>(
          `SELECT count(*)::int AS open FROM delivery WHERE organisation_id = $1 AND status IN ('pending', 'submitting', 'unknown')`,
          [organisationId],
        )
      ).rows;
      if (open === 0) break;
      if (Date.now() - lastChange > STALL_MS) {
        throw new Error(`delivery bench stalled with ${open} deliveries open: ${await this.breakdown(organisationId)}; last job error: ${this.lastFailure || 'none'}`);
      }
      await sleep(200);
    }
    const { rows } = await this.pg.query<{ sent: number; last_ms: string | null }>(
      `SELECT count(*)::int AS sent, (extract(epoch FROM max(updated_at)) * 1000)::text AS last_ms
         FROM delivery WHERE organisation_id = $1 AND status = 'sent'`,
      [organisationId],
    );
    const { sent, last_ms } = rows[0];
    if (sent !== expected || last_ms === null) {
      throw new Error(`delivery bench: ${sent} of ${expected} deliveries sent: ${await this.breakdown(organisationId)}`);
    }
    if (taken() !== expected) {
      throw new Error(`delivery bench: Postgres says ${expected} sent but the bench's transport took ${taken()}; another transport was used`);
    }
    return { seconds: (Number(last_ms) - startedAtMs) / 1_000, deliveries: expected, failedJobs: this.failedJobs - failedBefore };
  }

  /**
   * Sends per second over the first and the last tenth of the organisation's deliveries (by the
   * time their `sent` was written): equal when the pipeline's cost does not grow with the backlog.
   */
  async tenthRates(organisationId: string): Promise<{ first: number; last: number }> {
    const { rows } = await this.pg.query<{ n: number; p: number[] }>(
      `SELECT count(*)::int AS n,
              percentile_disc(ARRAY[0, 0.1, 0.9, 1]) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at)::float8) AS p
         FROM delivery WHERE organisation_id = $1 AND status = 'sent'`,
      [organisationId],
    );
    const { n, p } = rows[0];
    const tenth = n / 10;
    return { first: tenth / Math.max(p[1] - p[0], 1e-3), last: tenth / Math.max(p[3] - p[2], 1e-3) };
  }

  /** `submitted_at - due_at` of every sent delivery of the organisation, in ms. */
  async latenessMs(organisationId: string): Promise<number[]> {
    const { rows } = await this.pg.query<{ ms: number }>(
      `SELECT (extract(epoch FROM submitted_at - due_at) * 1000)::float8 AS ms FROM delivery WHERE organisation_id = $1 AND status = 'sent'`,
      [organisationId],
    );
    return rows.map((r) => r.ms);
  }

  private async breakdown(organisationId: string): Promise<string> {
    const { rows } = await this.pg.query<{ status: string; error_code: string | null; n: number }>(
      `SELECT status, error_code, count(*)::int AS n FROM delivery WHERE organisation_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC`,
      [organisationId],
    );
    return rows.map((r) => `${r.status}${r.error_code ? `/${r.error_code}` : ''}: ${r.n}`).join(', ');
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.pg.end();
    await this.app.close();
    await this.cleanup();
  }
}

const REMINDER_VARIABLES = {
  meetingTitle: 'Thursday alumni gathering',
  startsAt: 'Thursday at 6:30 PM',
  location: '1200 Riverside Avenue',
  link: 'https://example.org/l/bench',
};

function reminderFor(organisationId: string, graduateId: string, dueAt: Date): DeliveryRequest {
  return {
    organisationId,
    graduateId,
    channel: 'sms',
    purpose: 'meeting_invites',
    kind: 'meeting.reminder',
    idempotencyKey: `bench-reminder:${graduateId}`,
    variables: REMINDER_VARIABLES,
    dueAt,
  };
}

/**
 * The engine's settings for the bench: production defaults (1 SMS a day per recipient, quiet
 * hours 21:00–08:00) except the pool size (the worker shape's) and the organisation's daily cap,
 * raised to its maximum so a 100,000-message backlog is not deferred to tomorrow.
 */
function benchConfig(env: BenchEnvironment, name: string, shape: WorkerShape, overrides: Record<string, string>): AppConfig {
  return loadConfig({
    DATABASE_POOL_SIZE: String(shape.poolSize),
    LOG_LEVEL: 'silent',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    QUEUE_PREFIX: `${env.prefix}_${name}`,
    ORG_DAILY_SEND_CAP: '10000000',
    ...overrides,
  });
}

/** An IANA zone (Etc/GMT±N) in which the local hour is `hour` right now, so quiet hours never apply. */
export function zoneWhereLocalHourIs(hour: number, now = new Date()): string {
  const offset = (hour - now.getUTCHours() + 24) % 24;
  const signed = offset > 12 ? offset - 24 : offset;
  // Etc zones invert the sign: Etc/GMT-3 is UTC+3.
  if (signed === 0) return 'UTC';
  return signed > 0 ? `Etc/GMT-${signed}` : `Etc/GMT+${-signed}`;
}

/** Deliveries per second through the whole pipeline, from enqueue to the last `sent`. */
export async function dispatchPerSecond(bench: DeliveryBench, count: number): Promise<{ value: number; details: Record<string, number> }> {
  const organisationId = await bench.seedRecipients(count);
  const due = new Date();
  const scheduled = await bench.addReminders(organisationId, () => due);
  const result = await bench.enqueueAndDrain(organisationId, scheduled);
  return { value: count / result.seconds, details: { deliveries: count, seconds: result.seconds, failed_jobs: result.failedJobs } };
}

/**
 * `perSecond` deliveries coming due each second for `seconds` seconds (delayed jobs), due times
 * spread evenly; p99 of `submitted_at - due_at` in ms (p50 and max kept in the details).
 */
export async function latenessP99Ms(
  bench: DeliveryBench,
  perSecond: number,
  seconds: number,
): Promise<{ value: number; details: Record<string, number> }> {
  const count = perSecond * seconds;
  const organisationId = await bench.seedRecipients(count);
  // Far enough ahead that writing and enqueueing finish before the first is due.
  const firstDueMs = Date.now() + 3_000 + count / 2;
  const scheduled = await bench.addReminders(organisationId, (i) => new Date(firstDueMs + Math.floor((i * 1_000) / perSecond)));
  const result = await bench.enqueueAndDrain(organisationId, scheduled, { enqueuedBy: firstDueMs });
  const lateness = await bench.latenessMs(organisationId);
  return {
    value: percentile(lateness, 99),
    details: { deliveries: count, p50_ms: percentile(lateness, 50), max_ms: lateness.reduce((a, b) => Math.max(a, b), 0), failed_jobs: result.failedJobs },
  };
}

/**
 * A backlog of `count` deliveries all due now (seeded with SQL, enqueued in bulk): drain time
 * over the time `dispatchRate` (the same run's `dispatch_per_s`) would predict. 1 is linear.
 */
export async function backlogDrainRatio(
  bench: DeliveryBench,
  count: number,
  dispatchRate: number,
): Promise<{ value: number; details: Record<string, number> }> {
  const organisationId = await bench.seedRecipients(count);
  const rows = await bench.insertReminders(organisationId, new Date(Date.now() - 1_000));
  const result = await bench.enqueueAndDrain(organisationId, rows);
  const tenths = await bench.tenthRates(organisationId);
  return {
    value: result.seconds / (count / dispatchRate),
    details: {
      deliveries: count,
      seconds: result.seconds,
      per_s: count / result.seconds,
      first_tenth_per_s: tenths.first,
      last_tenth_per_s: tenths.last,
      failed_jobs: result.failedJobs,
    },
  };
}
