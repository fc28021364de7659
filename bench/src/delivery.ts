import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { type AppConfig, ConfigModule, loadConfig } from '@continuum/config';
import { DeliveryModule, type DeliveryRequest, deliveryJobShape, DeliveryScheduler, Dispatcher, SMS_TRANSPORT } from '@continuum/delivery';
import type { OutgoingSms, ProviderRecord, SendOutcome, SmsTransport } from '@continuum/messaging';
import { dataSourceOptions, runMigrations } from '@continuum/persistence';
import { dispatchJob, type JobHandlers, JobName, type JobResult, QueueModule, QueueName, redisConnectionOptions } from '@continuum/queue';
import { createOrganisation, FakeTwilio, spawnBuiltApp, tailFile } from '@continuum/testing';
import { cpuMicrosPer, cpuSnapshot } from './cpu';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

/** How the worker runs: `SmsDeliveryProcessor`'s concurrency (`DELIVERY_CONCURRENCY`, default 100) over `DATABASE_POOL_SIZE` connections (default 10). */
export interface WorkerShape {
  concurrency: number;
  poolSize: number;
}
/**
 * `SMS_RATE_PER_SECOND` for every engine of the bench: configuration's maximum, which the engine
 * never reaches. With it, jobs carry up to 25 deliveries each (`deliveryJobShape`), and the queue's
 * limiter is 400 jobs a second.
 */
const SMS_RATE_PER_SECOND = 10_000;
/** The worker's Node options as shipped: docker/worker.Dockerfile and scripts/start.mjs set the same. */
const WORKER_NODE_OPTIONS = '--max-old-space-size=192';
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
    private readonly pg: Client,
    readonly dataSource: DataSource,
    /** How many messages the transport has taken so far (cheap to read; Postgres has the truth). */
    private readonly transportCount: () => number,
    /** Whether every message the transport takes is one of the bench's (false when a whole worker process shares it). */
    private readonly exactTransport: boolean,
    private readonly cleanup: () => Promise<void>,
    /** The worker process, when the engine is the built worker rather than a BullMQ worker in this process. */
    readonly workerProcess: WorkerProcess | null = null,
  ) {}

  /** Counts the engine's failed jobs (BullMQ retries them after its backoff, so they slow the figure down too). */
  private recordFailure(message: string): void {
    this.failedJobs += 1;
    this.lastFailure = message;
  }

  /** The engine with the in-process counting transport. */
  static async counting(env: BenchEnvironment, name: string, shape: WorkerShape): Promise<DeliveryBench> {
    const transport = new CountingSmsTransport();
    const config = benchConfig(env, name, shape, {});
    return DeliveryBench.start(config, transport, () => transport.sent, async () => undefined);
  }

  /**
   * The engine with the real `TwilioSmsTransport` (from configuration) against `FakeTwilio` on
   * loopback; `features` are feature modules added to the context as the worker adds them
   * (`MeetingsModule` registers the links its messages carry).
   */
  static async twilio(env: BenchEnvironment, name: string, shape: WorkerShape, features: Type[] = []): Promise<DeliveryBench> {
    const { fake, settings } = await startFakeTwilio();
    const config = benchConfig(env, name, shape, settings);
    return DeliveryBench.start(config, undefined, () => fake.messages.length, () => fake.stop(), features);
  }

  /**
   * The engine as deployed: the built worker (`node dist/apps/worker/main.js`, built by `nx build
   * bench`) in a process of its own, sending through the real `TwilioSmsTransport` to `FakeTwilio`
   * in this process, with the worker's own processors (`DELIVERY_CONCURRENCY`, default 100), pool (`shape.poolSize`),
   * reconciler and limiter (`SMS_RATE_PER_SECOND` at its maximum, 10,000/s, which the engine's
   * ~1,500/s never reaches). This process writes and queues the deliveries and watches Postgres, and samples the
   * worker's resident memory. Failed jobs are counted from the queue's events.
   */
  static async workerProcess(env: BenchEnvironment, name: string, shape: WorkerShape): Promise<DeliveryBench> {
    const { fake, settings: twilio } = await startFakeTwilio();
    const config = benchConfig(env, name, shape, twilio);
    const { app, dataSource, pg } = await DeliveryBench.context(config);
    let worker: WorkerProcess | null = null;
    let events: QueueEvents | null = null;
    try {
      worker = await WorkerProcess.start(config, {
        ...twilio,
        DATABASE_POOL_SIZE: String(shape.poolSize),
        ORG_DAILY_SEND_CAP: '10000000',
        // The rate the bench's own process batches for: the two must agree (as API and worker do).
        SMS_RATE_PER_SECOND: String(config.SMS_RATE_PER_SECOND),
        DELIVERY_CONCURRENCY: String(shape.concurrency),
        // The sweeps scan every organisation of the run's database (the other scenarios' check-ins
        // and meetings): at their longest interval they first run after ten minutes, past the drain.
        CHECK_IN_SWEEP_INTERVAL_MS: '600000',
        MEETING_SWEEP_INTERVAL_MS: '600000',
        ENGAGEMENT_ROLLUP_INTERVAL_MS: '86400000',
        // Node's options as deployed (the heap cap of docker/worker.Dockerfile and npm start), or
        // others to see what bounds its memory (BENCH_WORKER_NODE_OPTIONS="" for none).
        NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS ?? WORKER_NODE_OPTIONS,
      });
      events = new QueueEvents(QueueName.DeliverySms, { connection: redisConnectionOptions(config.REDIS_URL), prefix: config.QUEUE_PREFIX });
      await events.waitUntilReady();
    } catch (error) {
      await events?.close();
      await worker?.stop();
      await pg.end();
      await app.close();
      await fake.stop();
      throw error;
    }
    const queueEvents = events;
    const process_ = worker;
    const bench = new DeliveryBench(
      app,
      pg,
      dataSource,
      () => fake.messages.length,
      false,
      async () => {
        await queueEvents.close();
        await process_.stop();
        await fake.stop();
      },
      process_,
    );
    queueEvents.on('failed', ({ failedReason }) => bench.recordFailure(failedReason));
    return bench;
  }

  /** The Nest context the bench writes and queues deliveries through, migrated, and a Postgres client of its own for progress. */
  private static async context(config: AppConfig, sms?: SmsTransport, features: Type[] = []): Promise<{ app: INestApplicationContext; dataSource: DataSource; pg: Client }> {
    const app = await NestFactory.createApplicationContext(DeliveryBenchModule.forRoot(config, sms, features), { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    // Progress is read on a connection of its own, outside the engine's pool.
    const pg = new Client({ connectionString: config.DATABASE_URL });
    await pg.connect();
    return { app, dataSource, pg };
  }

  private static async start(
    config: AppConfig,
    sms: SmsTransport | undefined,
    transportCount: () => number,
    cleanup: () => Promise<void>,
    features: Type[] = [],
  ): Promise<DeliveryBench> {
    const { app, dataSource, pg } = await DeliveryBench.context(config, sms, features);
    const dispatcher = app.get(Dispatcher);
    const handlers: JobHandlers<typeof QueueName.DeliverySms> = {
      [JobName.SendSms]: (job) => dispatcher.handleJob(job),
    };
    const jobShape = deliveryJobShape(config.SMS_RATE_PER_SECOND, config.DELIVERY_CONCURRENCY);
    const worker = new Worker<unknown, JobResult>(QueueName.DeliverySms, (job: Job) => dispatchJob(QueueName.DeliverySms, handlers, job), {
      connection: redisConnectionOptions(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency: jobShape.jobConcurrency,
      limiter: { max: jobShape.jobsPerSecond, duration: 1_000 },
      autorun: false,
    });
    await worker.waitUntilReady();
    void worker.run().catch(() => undefined);
    const bench = new DeliveryBench(app, pg, dataSource, transportCount, true, async () => {
      await worker.close();
      await cleanup();
    });
    worker.on('failed', (_job, error) => bench.recordFailure(error.message));
    worker.on('error', (error) => {
      bench.lastFailure = error.message;
    });
    return bench;
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

  /**
   * One message per graduate written with one `INSERT … SELECT` (no idempotency lookups), for big
   * backlogs: the meeting reminder of the other figures, or an announcement (`broadcast.message`)
   * for the worker process, whose meetings module makes a reminder's link from its invitation at
   * send time, and these reminders have none.
   */
  async insertBacklog(organisationId: string, dueAt: Date, message: BacklogMessage = BACKLOG_MESSAGES.reminder): Promise<{ id: string; channel: 'sms'; sendAfter: Date }[]> {
    const rows: { id: string; send_after: Date }[] = await this.dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after)
       SELECT organisation_id, id, 'sms', 'meeting_invites', $4, 'bench-backlog:' || id, $2::jsonb, $3, $3
       FROM graduate WHERE organisation_id = $1
       RETURNING id, send_after`,
      [organisationId, JSON.stringify(message.variables), dueAt, message.kind],
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
    if (this.exactTransport ? taken() !== expected : taken() < expected) {
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
    // The engine first: it must not be mid-job when the context it writes through goes.
    await this.cleanup();
    await this.pg.end();
    await this.app.close();
  }
}

/**
 * The built worker (`dist/apps/worker/main.js`) as a process of its own, on the bench's database
 * and queue prefix, with its resident set size read from /proc every 250 ms. `VmHWM` (the
 * kernel's high-water mark of the process's resident set) is its peak, samples or not.
 */
export class WorkerProcess {
  private sampledPeakKb = 0;
  private readonly sampler: NodeJS.Timeout;

  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly log: string,
    /** Resident set once the worker was ready, before any delivery. */
    readonly readyKb: number,
  ) {
    this.sampler = setInterval(() => {
      const now = this.statusKb('VmRSS');
      if (now !== null) this.sampledPeakKb = Math.max(this.sampledPeakKb, now);
    }, 250);
    this.sampler.unref();
  }

  static async start(config: AppConfig, overrides: Record<string, string>): Promise<WorkerProcess> {
    const log = join(mkdtempSync(join(tmpdir(), 'continuum-bench-worker-')), 'worker.log');
    const { child, exited } = spawnBuiltApp(
      resolve('dist/apps/worker/main.js'),
      { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: config.DATABASE_URL, REDIS_URL: config.REDIS_URL, QUEUE_PREFIX: config.QUEUE_PREFIX, ...overrides },
      log,
    );
    process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
    // Ready when its SMS processor is connected to the queue.
    const queue = new Queue(QueueName.DeliverySms, { connection: redisConnectionOptions(config.REDIS_URL), prefix: config.QUEUE_PREFIX });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the worker exited at start (code ${child.exitCode}):\n${tailFile(log)}`);
        if ((await queue.getWorkersCount()) > 0) break;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`the worker did not connect to ${QueueName.DeliverySms} within 60 s:\n${tailFile(log)}`);
        }
        await sleep(200);
      }
    } finally {
      await queue.close();
    }
    const ready = readStatusKb(child.pid, 'VmRSS') ?? 0;
    return new WorkerProcess(child, exited, log, ready);
  }

  /**
   * Peak and current resident set so far, in MB. The kernel updates `VmHWM` lazily (when the
   * resident set is about to shrink), so a sample or the current `VmRSS` can be a little above
   * it: the peak is the highest of the three.
   */
  memory(): { peakMb: number; hwmMb: number; sampledPeakMb: number; readyMb: number; nowMb: number } {
    const mb = (kb: number | null) => (kb ?? 0) / 1024;
    const hwm = this.statusKb('VmHWM') ?? 0;
    const now = this.statusKb('VmRSS') ?? 0;
    return { peakMb: mb(Math.max(hwm, this.sampledPeakKb, now)), hwmMb: mb(hwm), sampledPeakMb: mb(this.sampledPeakKb), readyMb: mb(this.readyKb), nowMb: mb(now) };
  }

  private statusKb(field: 'VmRSS' | 'VmHWM'): number | null {
    return readStatusKb(this.child.pid, field);
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/** A `kB` field of /proc/<pid>/status (Linux), or null once the process is gone. */
function readStatusKb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  if (pid === undefined) return null;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const REMINDER_VARIABLES = {
  meetingTitle: 'Thursday alumni gathering',
  startsAt: 'Thursday at 6:30 PM',
  location: '1200 Riverside Avenue',
  link: 'https://example.org/l/bench',
};

interface BacklogMessage {
  kind: 'meeting.reminder' | 'broadcast.message';
  variables: Record<string, string>;
}

const BACKLOG_MESSAGES = {
  reminder: { kind: 'meeting.reminder', variables: REMINDER_VARIABLES },
  announcement: { kind: 'broadcast.message', variables: { message: 'Our summer picnic is on Saturday at noon.' } },
} as const satisfies Record<string, BacklogMessage>;

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

/** `FakeTwilio` on loopback and the settings that point the real Twilio client at it. */
async function startFakeTwilio(): Promise<{ fake: FakeTwilio; settings: Record<string, string> }> {
  const fake = new FakeTwilio();
  const { baseUrl } = await fake.start();
  return {
    fake,
    settings: {
      SMS_TRANSPORT: 'twilio',
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM_NUMBER: '+15555550100',
      TWILIO_API_BASE_URL: baseUrl,
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    },
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
    SMS_RATE_PER_SECOND: String(SMS_RATE_PER_SECOND),
    DELIVERY_CONCURRENCY: String(shape.concurrency),
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
  const before = cpuSnapshot();
  const result = await bench.enqueueAndDrain(organisationId, scheduled);
  const cpu = cpuMicrosPer(before, cpuSnapshot(), count);
  return { value: count / result.seconds, details: { deliveries: count, seconds: result.seconds, failed_jobs: result.failedJobs, ...cpu } };
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
 * A backlog of `count` deliveries all due now (seeded with SQL, enqueued in bulk) drained by the
 * worker process: drain time over the time `dispatchRate` (the same run's `dispatch_http_per_s`,
 * the same transport against the same fake) would predict (1 is linear), and the worker's peak
 * resident memory while it drained.
 */
export async function backlogDrainRatio(
  bench: DeliveryBench,
  count: number,
  dispatchRate: number,
): Promise<{ value: number; details: Record<string, number> }> {
  const worker = bench.workerProcess;
  if (!worker) throw new Error('backlog bench: needs the worker process (DeliveryBench.workerProcess)');
  const organisationId = await bench.seedRecipients(count);
  const rows = await bench.insertBacklog(organisationId, new Date(Date.now() - 1_000), BACKLOG_MESSAGES.announcement);
  const result = await bench.enqueueAndDrain(organisationId, rows);
  const tenths = await bench.tenthRates(organisationId);
  const memory = worker.memory();
  return {
    value: result.seconds / (count / dispatchRate),
    details: {
      deliveries: count,
      seconds: result.seconds,
      per_s: count / result.seconds,
      first_tenth_per_s: tenths.first,
      last_tenth_per_s: tenths.last,
      failed_jobs: result.failedJobs,
      worker_peak_rss_mb: memory.peakMb,
      worker_hwm_rss_mb: memory.hwmMb,
      worker_sampled_peak_rss_mb: memory.sampledPeakMb,
      worker_ready_rss_mb: memory.readyMb,
      worker_end_rss_mb: memory.nowMb,
    },
  };
}
