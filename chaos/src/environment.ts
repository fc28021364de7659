import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { ConfigModule, loadConfig } from '@continuum/config';
import { DeliveryScheduler } from '@continuum/delivery';
import { normalisePhone } from '@continuum/domain';
import { dataSourceOptions, dropDatabase, ensureDatabase, runMigrations } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { deleteKeysWithPrefix } from '@continuum/testing';

/** What the workers get besides the database, Redis and the fake Twilio. */
export const WORKER_SETTINGS = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  SMS_TRANSPORT: 'twilio',
  TWILIO_FROM_NUMBER: '+15555550100',
  // Status callbacks go nowhere: the engine must reach final states without them.
  PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  TWILIO_TIMEOUT_MS: '1000',
  DELIVERY_RETRY_BASE_MS: '100',
  DELIVERY_UNKNOWN_RECHECK_MS: '200',
  // Each tick asks Redis about up to 2,000 due rows, and a tick costs more the longer the queue.
  DELIVERY_RECONCILE_INTERVAL_MS: '3000',
  // Well over TWILIO_TIMEOUT_MS plus the claim and the write-back on a loaded 2-core machine. A
  // killed worker's jobs stay active in BullMQ until its locks expire (30-60 s), so recovery waits
  // for that anyway.
  DELIVERY_STUCK_AFTER_MS: '15000',
  SMS_RATE_PER_SECOND: '1000',
  SMS_PER_DAY: '50',
  SMS_PER_WEEK: '200',
  ORG_DAILY_SEND_CAP: '10000000',
  DATABASE_POOL_SIZE: '10',
} as const;

/**
 * The run's own database (`continuum_chaos_<run>`) and Redis key prefix, and a small Nest context
 * holding the real DeliveryScheduler, through which the deliveries are written and enqueued as any
 * feature would.
 */
export class ChaosEnvironment {
  private constructor(
    readonly runId: string,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly prefix: string,
    readonly redis: Redis,
    private readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
  ) {}

  static async create(twilio: { accountSid: string; authToken: string; baseUrl: string }): Promise<ChaosEnvironment> {
    const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const base = new URL(process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    base.pathname = `/continuum_chaos_${runId}`;
    const databaseUrl = base.toString();
    const redisUrl = process.env.CHAOS_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `cchaos_${runId}`;
    await ensureDatabase(databaseUrl);
    const config = loadConfig(workerEnvironment({ databaseUrl, redisUrl, prefix, twilio }));

    @Module({
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 4 }, 'continuum-chaos')),
        QueueModule.forRoot('producer'),
      ],
      providers: [DeliveryScheduler],
    })
    class ChaosProducerModule {}

    const app = await NestFactory.createApplicationContext(ChaosProducerModule, { logger: ['error'] });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    return new ChaosEnvironment(runId, databaseUrl, redisUrl, prefix, new Redis(redisUrl), app, dataSource);
  }

  get scheduler(): DeliveryScheduler {
    return this.app.get(DeliveryScheduler);
  }

  /** Everything a worker process needs in its environment. */
  workerEnv(twilio: { accountSid: string; authToken: string; baseUrl: string }): Record<string, string> {
    return workerEnvironment({ databaseUrl: this.databaseUrl, redisUrl: this.redisUrl, prefix: this.prefix, twilio });
  }

  async flushRedis(): Promise<void> {
    await deleteKeysWithPrefix(this.redis, this.prefix);
  }

  async close(options: { keepDatabase: boolean }): Promise<void> {
    await this.app.close();
    await deleteKeysWithPrefix(this.redis, this.prefix);
    this.redis.disconnect();
    if (!options.keepDatabase) await dropDatabase(this.databaseUrl);
  }
}

function workerEnvironment(run: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  twilio: { accountSid: string; authToken: string; baseUrl: string };
}): Record<string, string> {
  return {
    ...WORKER_SETTINGS,
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: run.prefix,
    TWILIO_ACCOUNT_SID: run.twilio.accountSid,
    TWILIO_AUTH_TOKEN: run.twilio.authToken,
    TWILIO_API_BASE_URL: run.twilio.baseUrl,
  };
}

/** `count` distinct US numbers that our own phone rule accepts (area codes 201–989, exchanges 200–999). */
export function usPhones(count: number, random: () => number): string[] {
  const phones = new Set<string>();
  while (phones.size < count) {
    const digits = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const candidate = `+1${digits(201, 989)}${digits(200, 999)}${String(digits(0, 9_999)).padStart(4, '0')}`;
    const normalised = normalisePhone(candidate);
    if (normalised.ok) phones.add(normalised.value);
  }
  return [...phones];
}

/** An IANA zone (Etc/GMT±N) in which the local hour is `hour` now: far from quiet hours for the whole run. */
export function zoneWhereLocalHourIs(hour: number, now = new Date()): string {
  const offset = (hour - now.getUTCHours() + 24) % 24;
  const signed = offset > 12 ? offset - 24 : offset;
  // Etc zones invert the sign: Etc/GMT-3 is UTC+3.
  if (signed === 0) return 'UTC';
  return signed > 0 ? `Etc/GMT-${signed}` : `Etc/GMT+${-signed}`;
}

const SHOWN_TEXT = 'We will text you now and then. Reply STOP to end.';

/**
 * One organisation, `phones.length` active graduates around noon local time, each with an SMS
 * check-ins consent (granted verbally): three INSERT … SELECTs.
 */
export async function seedPeople(dataSource: DataSource, phones: string[]): Promise<{ organisationId: string; graduateIds: string[] }> {
  const [{ id: organisationId }]: { id: string }[] = await dataSource.query(
    `INSERT INTO organisation (name, slug, timezone) VALUES ('Chaos Program', $1, 'UTC') RETURNING id`,
    [`chaos-${randomBytes(4).toString('hex')}`],
  );
  const graduates: { id: string }[] = await dataSource.query(
    `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, timezone, phone, preferred_channels)
     SELECT $1, 'CHAOS-' || p.n, 'Robin', 'Chaos' || p.n, 'chaos' || p.n || ' robin', $2, p.phone, '{sms}'
       FROM unnest($3::text[]) WITH ORDINALITY AS p(phone, n)
     RETURNING id`,
    [organisationId, zoneWhereLocalHourIs(12), phones],
  );
  await dataSource.query(
    `INSERT INTO consent_record (organisation_id, graduate_id, contact_id, channel, purpose, decision, method, shown_text)
     SELECT organisation_id, id, NULL, 'sms', 'check_ins', 'granted', 'verbal', $2 FROM graduate WHERE organisation_id = $1`,
    [organisationId, SHOWN_TEXT],
  );
  await dataSource.query('ANALYZE graduate; ANALYZE consent_record');
  return { organisationId, graduateIds: graduates.map((g) => g.id) };
}

/** One test message per graduate, due now, written and enqueued through DeliveryScheduler.schedule in chunks. */
export async function scheduleDeliveries(scheduler: DeliveryScheduler, organisationId: string, graduateIds: string[]): Promise<number> {
  let created = 0;
  const dueAt = new Date();
  for (let i = 0; i < graduateIds.length; i += 1_000) {
    const scheduled = await scheduler.schedule(
      graduateIds.slice(i, i + 1_000).map((graduateId) => ({
        organisationId,
        graduateId,
        channel: 'sms' as const,
        purpose: 'check_ins' as const,
        kind: 'delivery.test',
        idempotencyKey: `chaos-${graduateId}`,
        dueAt,
      })),
    );
    created += scheduled.filter((s) => s.created).length;
  }
  return created;
}
