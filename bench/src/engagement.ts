import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { type AppConfig, ConfigModule, loadConfig } from '@continuum/config';
import { ACTIVE_KINDS, ENGAGEMENT_WEIGHTS, type EngagementKind, findProtocol, FULL_SCORE_RAW, HALF_LIFE_DAYS, SCORE_WINDOW_DAYS } from '@continuum/domain';
import { EngagementModule, EngagementRollup, RETENTION_DAYS } from '@continuum/engagement';
import { LinkPurpose } from '@continuum/identity';
import type { Actor } from '@continuum/people';
import { dataSourceOptions, runMigrations, StaffRole } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { createStaff, mulberry32, spawnBuiltApp, type StaffFixture, tailFile } from '@continuum/testing';
import { CheckInBench } from './check-ins';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

const DAY_MS = 86_400_000;
/** The seeded history: events over the last year, discharges over the last two. */
const HISTORY_DAYS = 365;
const DISCHARGE_SPREAD_DAYS = 730;
/** Score history the rollup's score-drop rule reads (the 14 days before the day rolled up). */
const SCORE_HISTORY_DAYS = 14;
const PROGRAMS = ['Residential', 'Intensive outpatient', 'Outpatient'];

/**
 * How often each kind of touchpoint occurs, per 1,000 events: mostly messages we sent, then
 * check-ins and meetings, family sessions, alerts, and opt-outs rarely. About 23% are the
 * graduate's own touchpoints (the kinds the score weighs). `link.opened` is reserved and never
 * written yet.
 */
const KIND_MIX: [EngagementKind, number][] = [
  ['message.sent', 300],
  ['message.delivered', 240],
  ['message.failed', 15],
  ['message.opted_out', 2],
  ['check_in.answered', 120],
  ['check_in.missed', 50],
  ['check_in.nudged', 30],
  ['alert.raised', 5],
  ['alert.resolved', 3],
  ['meeting.invited', 90],
  ['meeting.rsvp', 45],
  ['meeting.attended', 35],
  ['meeting.no_show', 15],
  ['meeting.rated', 10],
  ['family_session.notified', 20],
  ['family_session.attended', 12],
  ['family_session.no_show', 4],
  ['family_session.feedback', 4],
];
/** One entry per thousandth: an event's kind is a uniformly random slot. */
export const KIND_SLOTS = KIND_MIX.flatMap(([kind, perThousand]) => Array.from({ length: perThousand }, () => kind));
if (KIND_SLOTS.length !== 1_000) throw new Error(`engagement bench: the kind mix adds up to ${KIND_SLOTS.length}, not 1,000`);

const isoDay = (at: Date) => at.toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const addDays = (day: string, days: number) => isoDay(new Date(dayStart(day).getTime() + days * DAY_MS));
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1_000;

/** Progress of the long setup, on stderr so the results table stays clean. */
function say(message: string): void {
  process.stderr.write(`bench engagement: ${message}\n`);
}

@Module({})
class EngagementBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EngagementBenchModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config, 'continuum-bench-engagement')),
        QueueModule.forRoot('producer'),
        // What the worker runs the nightly rollup with (EngagementRollup, AlertsService for at-risk alerts).
        EngagementModule,
      ],
    };
  }
}

export interface HttpResult {
  status: number;
  /** The body, unless a chunk handler took it. */
  body: Buffer;
  bytes: number;
  /** From the request's start to the response's headers, and to its last byte. */
  headersMs: number;
  totalMs: number;
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * The API as it is deployed: `node dist/apps/api/main.js` (built by `nx build bench`, which depends
 * on the api project), in a process of its own, on loopback, on the bench's database (already
 * migrated) and a Redis prefix of its own. The bench may not import the apps, and a process of its
 * own is what a client of the API talks to anyway. Requests go through one keep-alive connection,
 * one at a time, as in `graduates_list_p95_ms`.
 */
export class ApiProcess {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  /**
   * The API limits every route to 300 requests a minute per client address (Redis counters, keyed
   * by `req.ip`, which it takes from X-Forwarded-For when the peer is loopback). A bench round
   * sends more than that, so each request names an address of its own: the limiter still counts
   * every request in Redis, as in production, but never refuses one.
   */
  private client = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly baseUrl: string,
    readonly log: string,
  ) {}

  /** `name` keeps each API's queue prefix apart (`<run prefix>_<name>_api`). */
  static async start(env: BenchEnvironment, name = 'engagement'): Promise<ApiProcess> {
    const port = await freePort();
    const log = join(mkdtempSync(join(tmpdir(), 'continuum-bench-api-')), 'api.log');
    const { child, exited } = spawnBuiltApp(
      resolve('dist/apps/api/main.js'),
      {
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        // The bench migrated the database already.
        DATABASE_MIGRATIONS_RUN: 'false',
        REDIS_URL: env.redisUrl,
        QUEUE_PREFIX: `${env.prefix}_${name}_api`,
      },
      log,
    );
    // Should the bench die without closing it, the API goes with it.
    process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
    const api = new ApiProcess(child, exited, `http://127.0.0.1:${port}`, log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited at start (code ${child.exitCode}):\n${api.tail()}`);
      const health = await api.call('GET', '/health').catch(() => null);
      if (health?.status === 200) return api;
      if (Date.now() > deadline) {
        await api.stop();
        throw new Error(`the API did not answer /health within 60 s (last status ${health?.status ?? 'none'}):\n${api.tail()}`);
      }
      await sleep(200);
    }
  }

  /** An `X-Forwarded-For` address no request of this API process has used yet (see `client`). */
  nextClientAddress(): string {
    this.client += 1;
    return `10.${(this.client >> 16) & 255}.${(this.client >> 8) & 255}.${this.client & 255}`;
  }

  /**
   * One request; the body is collected unless `onChunk` takes each chunk as it arrives (a
   * streamed download is then never held whole). Timed from the call to the last byte.
   */
  call(
    method: 'GET' | 'POST',
    path: string,
    options: { headers?: Record<string, string>; json?: unknown; onChunk?: (chunk: Buffer) => void } = {},
  ): Promise<HttpResult> {
    const started = performance.now();
    const payload = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
    const headers: Record<string, string> = {
      'x-forwarded-for': this.nextClientAddress(),
      ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      ...options.headers,
    };
    return new Promise((done, fail) => {
      const req = request(`${this.baseUrl}${path}`, { method, headers, agent: this.agent }, (res) => {
        const headersMs = performance.now() - started;
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (options.onChunk) options.onChunk(chunk);
          else chunks.push(chunk);
        });
        res.once('error', fail);
        res.once('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), bytes, headersMs, totalMs: performance.now() - started }));
      });
      req.once('error', fail);
      req.end(payload);
    });
  }

  tail(lines = 30): string {
    return tailFile(this.log, lines);
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

export interface EngagementSizes {
  graduates: number;
  events: number;
  /** Days whose nightly rollup is left to time (the last ones before today, UTC); the others are prefilled. */
  nightlyDays: number;
  /** Start the API (for the HTTP figures). */
  http: boolean;
}

/**
 * One organisation with a year of engagement history, seeded with SQL; the nightly rollup's
 * tables filled for that year; the rollup itself (`EngagementRollup`, in a Nest context like the
 * worker's); and, for the HTTP figures, the real API in a process of its own with a signed-in
 * admin. Seeding and prefilling are not timed.
 */
export class EngagementBench {
  private api: ApiProcess | null = null;
  private token: { value: string; at: number } | null = null;
  /** Graduate ids, for random timeline requests. */
  graduateIds: string[] = [];
  /** The seed's clock: events fall in (now − 365 days, now]. Every range the bench asks for is relative to it. */
  readonly now = new Date();
  readonly today = isoDay(this.now);
  readonly yesterday = addDays(this.today, -1);
  /** Days the nightly figure rolls up, oldest first, each for the first time; the last is yesterday. */
  readonly nightlyDays: string[];
  /** The last day rolled up so far. */
  private rolledUpTo = '';

  private constructor(
    private readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
    private readonly staff: StaffFixture,
    readonly sizes: EngagementSizes,
  ) {
    this.nightlyDays = Array.from({ length: sizes.nightlyDays }, (_, i) => addDays(this.yesterday, i - sizes.nightlyDays + 1));
  }

  get organisationId(): string {
    return this.staff.organisationId;
  }

  static async start(env: BenchEnvironment, sizes: EngagementSizes): Promise<EngagementBench> {
    const config = loadConfig({
      DATABASE_POOL_SIZE: '5',
      LOG_LEVEL: 'silent',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: `${env.prefix}_engagement`,
    });
    const app = await NestFactory.createApplicationContext(EngagementBenchModule.forRoot(config), { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    const staff = await createStaff(dataSource, { role: StaffRole.Admin });
    const bench = new EngagementBench(app, dataSource, staff, sizes);
    try {
      await bench.seed();
      await bench.prefill();
      if (sizes.http) bench.api = await ApiProcess.start(env);
    } catch (error) {
      await bench.close();
      throw error;
    }
    return bench;
  }

  get rollup(): EngagementRollup {
    return this.app.get(EngagementRollup, { strict: false });
  }

  /**
   * The organisation (its admin on call, so at-risk alerts have an owner), three programs,
   * `graduates` active graduates discharged over the last two years (one a day, round robin over
   * the programs), and `events` touchpoints spread uniformly over the last 365 days, each of a
   * uniformly random graduate, its kind drawn from KIND_MIX. Events are written oldest first in
   * slices of a tenth of the year, as an append-only table fills in production (ids and heap
   * order follow time), with a fixed random seed.
   */
  private async seed(): Promise<void> {
    const { graduates, events } = this.sizes;
    const started = performance.now();
    const org = this.organisationId;
    await this.dataSource.query(`UPDATE organisation SET on_call_staff_id = $2 WHERE id = $1`, [org, this.staff.userId]);
    const programs: { id: string }[] = await this.dataSource.query(
      `INSERT INTO program (organisation_id, name) SELECT $1, name FROM unnest($2::text[]) AS name RETURNING id`,
      [org, PROGRAMS],
    );
    // (i * 7) % 730 visits every day of the two years once per 730 graduates (7 and 730 are coprime).
    await this.dataSource.query(
      `INSERT INTO graduate (organisation_id, program_id, external_id, first_name, last_name, sort_name, admission_date, discharge_date,
                             timezone, phone, email, preferred_channels, status)
       SELECT $1, ($2::uuid[])[1 + i % cardinality($2::uuid[])], 'ENG-' || i, 'Robin', 'Engaged' || i, 'engaged' || i || ' robin',
              $3::date - 1 - (i * 7) % $5 - 28 - i % 60, $3::date - 1 - (i * 7) % $5,
              'America/New_York', '+1' || (2020000000 + i)::text, 'eng' || i || '@example.org', '{sms}', 'active'
         FROM generate_series(1, $4::int) AS i`,
      [org, programs.map((p) => p.id), this.today, graduates, DISCHARGE_SPREAD_DAYS],
    );
    const ids: { id: string }[] = await this.dataSource.query(`SELECT id FROM graduate WHERE organisation_id = $1 ORDER BY external_id`, [org]);
    this.graduateIds = ids.map((r) => r.id);

    const slices = 10;
    const historyStart = this.now.getTime() - HISTORY_DAYS * DAY_MS;
    const sliceMs = (HISTORY_DAYS * DAY_MS) / slices;
    for (let s = 0; s < slices; s += 1) {
      const count = Math.floor((events * (s + 1)) / slices) - Math.floor((events * s) / slices);
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT setseed($1)`, [(s + 1) / (slices + 1)]);
        // OFFSET 0 keeps the random draws in the subquery: one graduate, kind and time per event.
        await manager.query(
          `INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload, occurred_at)
           SELECT $1, g.id, r.kind, NULL, '{}'::jsonb, r.occurred_at
             FROM (SELECT 1 + floor(random() * $2::int)::int AS n,
                          ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] AS kind,
                          $4::timestamptz + random() * $5::float8 * interval '1 millisecond' AS occurred_at
                     FROM generate_series(1, $6::int) OFFSET 0) AS r
             JOIN graduate g ON g.organisation_id = $1 AND g.external_id = 'ENG-' || r.n
            ORDER BY r.occurred_at`,
          [org, graduates, KIND_SLOTS, new Date(historyStart + s * sliceMs), sliceMs, count],
        );
      });
    }
    const [{ written }] = await this.dataSource.query(`SELECT count(*)::int AS written FROM engagement_event WHERE organisation_id = $1`, [org]);
    if (written !== events) throw new Error(`engagement bench: seeded ${written} events, expected ${events}`);
    say(`seeded ${graduates} graduates and ${events} events in ${seconds(started).toFixed(1)} s`);
  }

  /**
   * The state a year of nightly runs leaves, for every day up to the one before the nightly
   * figure's days, in one statement per table, each the rollup's own step over many days at once:
   * `engagement_rollup` (the `counts` step: per UTC day, program, cohort month and kind, events and
   * distinct graduates), `engagement_rollup_run`, `graduate_retention` (the `retention` step:
   * every checkpoint reached by that day, engaged if a touchpoint of the graduate's own fell in the
   * 30 days ending on it) and the last 14 days of `engagement_score` (the `scores` step: what the
   * score-drop rule compares today's score with). Then one untimed `runDay` of the day before the
   * nightly figure's days raises the flags that hold by then, so the timed nights raise only that
   * night's new ones, as in production.
   */
  private async prefill(): Promise<void> {
    const started = performance.now();
    const org = this.organisationId;
    const warmUpDay = addDays(this.nightlyDays[0], -1);
    const lastDay = addDays(warmUpDay, -1);
    const firstDay = isoDay(new Date(this.now.getTime() - HISTORY_DAYS * DAY_MS));

    // EngagementRollup.counts, for every day from the first event to lastDay at once.
    await this.dataSource.query(
      `INSERT INTO engagement_rollup (organisation_id, day, program_id, cohort_month, kind, events, graduates)
       SELECT $1, (e.occurred_at AT TIME ZONE 'UTC')::date, g.program_id, date_trunc('month', g.discharge_date)::date, e.kind, count(*), count(DISTINCT e.graduate_id)
         FROM engagement_event e JOIN graduate g ON g.id = e.graduate_id
        WHERE e.organisation_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3
        GROUP BY 2, g.program_id, date_trunc('month', g.discharge_date), e.kind`,
      [org, dayStart(firstDay), dayStart(warmUpDay)],
    );
    await this.dataSource.query(
      `INSERT INTO engagement_rollup_run (organisation_id, day, finished_at)
       SELECT $1, d::date, now() FROM generate_series($2::date, $3::date, interval '1 day') AS d`,
      [org, firstDay, lastDay],
    );

    // EngagementRollup.retention as it stands after the run of lastDay: a checkpoint is set once
    // its day has passed, from the touchpoints of the 30 days ending on it.
    const checkpoints = RETENTION_DAYS.map(
      (n) => `CASE WHEN g.discharge_date + ${n} <= $2::date THEN EXISTS (
                SELECT 1 FROM engagement_event e
                 WHERE e.graduate_id = g.id AND e.kind = ANY($3::text[])
                   AND e.occurred_at >= (g.discharge_date + ${n} - 29)::timestamp AT TIME ZONE 'UTC'
                   AND e.occurred_at < (g.discharge_date + ${n} + 1)::timestamp AT TIME ZONE 'UTC') END`,
    );
    await this.dataSource.query(
      `INSERT INTO graduate_retention (graduate_id, organisation_id, ${RETENTION_DAYS.map((n) => `d${n}`).join(', ')})
       SELECT g.id, g.organisation_id, ${checkpoints.join(', ')}
         FROM graduate g WHERE g.organisation_id = $1 AND g.discharge_date IS NOT NULL`,
      [org, lastDay, ACTIVE_KINDS],
    );

    // EngagementRollup.scores for the 14 days before the warm-up day: every active graduate's
    // score as of each day's end (the same formula), and the last touchpoint of their own by then.
    const kinds = Object.keys(ENGAGEMENT_WEIGHTS);
    const weights = kinds.map((k) => ENGAGEMENT_WEIGHTS[k as EngagementKind] as number);
    const firstScoreDay = addDays(warmUpDay, -SCORE_HISTORY_DAYS);
    const windowStart = new Date(dayStart(firstScoreDay).getTime() + DAY_MS - SCORE_WINDOW_DAYS * DAY_MS);
    await this.dataSource.query(
      `WITH days AS (
         SELECT d::date AS day, (d + interval '1 day') AT TIME ZONE 'UTC' AS day_end FROM generate_series($2::date, $3::date, interval '1 day') AS d
       ), touches AS (
         SELECT e.graduate_id, e.occurred_at, w.weight FROM engagement_event e JOIN unnest($4::text[], $5::float8[]) AS w(kind, weight) ON w.kind = e.kind
          WHERE e.organisation_id = $1 AND e.occurred_at <= $9::timestamptz
       ), earlier AS (
         SELECT graduate_id, max(occurred_at) AS last_touch FROM touches WHERE occurred_at <= $10::timestamptz GROUP BY graduate_id
       ), per_day AS (
         SELECT t.graduate_id, d.day,
                sum(t.weight * power(0.5, extract(epoch FROM (d.day_end - t.occurred_at)) / 86400 / $7))
                  FILTER (WHERE t.occurred_at > d.day_end - make_interval(days => $8)) AS raw,
                max(t.occurred_at) AS last_touch
           FROM touches t JOIN days d ON t.occurred_at <= d.day_end
          WHERE t.occurred_at > $10::timestamptz
          GROUP BY t.graduate_id, d.day
       )
       INSERT INTO engagement_score (graduate_id, day, organisation_id, score, last_touch_at)
       SELECT g.id, d.day, $1, round(least(100, 100 * coalesce(p.raw, 0) / $6)::numeric, 1)::float8, coalesce(p.last_touch, b.last_touch)
         FROM graduate g CROSS JOIN days d
         LEFT JOIN per_day p ON p.graduate_id = g.id AND p.day = d.day
         LEFT JOIN earlier b ON b.graduate_id = g.id
        WHERE g.organisation_id = $1 AND g.status = 'active'`,
      [org, firstScoreDay, lastDay, kinds, weights, FULL_SCORE_RAW, HALF_LIFE_DAYS, SCORE_WINDOW_DAYS, dayStart(warmUpDay), windowStart],
    );
    // What autovacuum would have done to a year-old table; and no autovacuum or checkpoint of the
    // bulk load lands in the middle of a timed run.
    await this.dataSource.query('VACUUM (ANALYZE) engagement_event, graduate, engagement_rollup, engagement_rollup_run, graduate_retention, engagement_score');
    await this.dataSource.query('CHECKPOINT').catch(() => undefined);
    const prefillSeconds = seconds(started);

    const warmUpStarted = performance.now();
    const warmUp = await this.rollup.runDay(org, warmUpDay);
    this.rolledUpTo = warmUpDay;
    say(
      `prefilled ${firstDay}..${lastDay} in ${prefillSeconds.toFixed(1)} s; rolled up ${warmUpDay} in ${seconds(warmUpStarted).toFixed(1)} s ` +
        `(${warmUp.scores} scores, ${warmUp.flagsRaised} flags raised)`,
    );
  }

  /** Rolls up (untimed) the days up to yesterday that the nightly figure did not, so the reports cover them. */
  async rollUpToYesterday(): Promise<void> {
    for (const day of this.nightlyDays) {
      if (day > this.rolledUpTo) {
        await this.rollup.runDay(this.organisationId, day);
        this.rolledUpTo = day;
      }
    }
  }

  markRolledUp(day: string): void {
    if (day > this.rolledUpTo) this.rolledUpTo = day;
  }

  /** The API process, for load generators that talk to it themselves (the HTTP load figures). */
  get httpApi(): ApiProcess {
    if (!this.api) throw new Error('engagement bench: started without the API');
    return this.api;
  }

  /**
   * The organisation's admin's `Authorization` header, signed in through POST /auth/login (again
   * after 10 minutes; tokens live 15).
   */
  async authorization(): Promise<string> {
    const api = this.httpApi;
    if (!this.token || Date.now() - this.token.at > 10 * 60_000) {
      const login = await api.call('POST', '/auth/login', { json: { email: this.staff.email, password: this.staff.password } });
      if (login.status !== 200) throw new Error(`engagement bench: sign-in failed with ${login.status}: ${login.body.toString()}`);
      this.token = { value: (JSON.parse(login.body.toString()) as { accessToken: string }).accessToken, at: Date.now() };
    }
    return `Bearer ${this.token.value}`;
  }

  /** A GET as the organisation's admin. */
  async get(path: string, onChunk?: (chunk: Buffer) => void): Promise<HttpResult> {
    const authorization = await this.authorization();
    const result = await this.httpApi.call('GET', path, { headers: { authorization }, onChunk });
    if (result.status !== 200) {
      throw new Error(`engagement bench: GET ${path.split('?')[0]} answered ${result.status}: ${result.body.toString().slice(0, 500)}\n${this.httpApi.tail(10)}`);
    }
    return result;
  }

  /**
   * `count` single-use links to the check-in form (`/c/<token>`), each for a different scheduled
   * check-in of the organisation's graduates, as the prompts carry them. Not timed. The graduates
   * are enrolled on the default post-IOP taper first (a plan, then `EnrolmentsService.enrol`, as
   * `enrol_10k_graduates_s` does): only those discharged less than a year ago have check-ins left.
   * Runs the check-in services in a Nest context of their own (`CheckInBench`), closed after:
   * the rollup's context does not hold them.
   */
  async answerTokens(env: BenchEnvironment, count: number): Promise<string[]> {
    const checkIns = await CheckInBench.start(env);
    try {
      const org = this.organisationId;
      const actor: Actor = { userId: this.staff.userId, organisationId: org, role: this.staff.role, ip: null, requestId: null };
      const protocol = findProtocol('post-iop-taper@1');
      if (!protocol) throw new Error('post-iop-taper@1 is missing');
      const [{ id: planId }] = await this.dataSource.query(
        `INSERT INTO check_in_plan (organisation_id, name, protocol, definition) VALUES ($1, 'Default taper', 'post-iop-taper@1', $2) RETURNING id`,
        [org, JSON.stringify(protocol.plan)],
      );
      const started = performance.now();
      const report = await checkIns.enrolments.enrol(actor, { planId, graduateIds: this.graduateIds });
      // Check-in ids are random UUIDs: in their order the answers spread over graduates and sequences.
      const open: { id: string; graduate_id: string }[] = await this.dataSource.query(
        `SELECT id, graduate_id FROM check_in WHERE organisation_id = $1 AND status = 'scheduled' ORDER BY id LIMIT $2`,
        [org, count],
      );
      if (open.length < count) throw new Error(`engagement bench: ${open.length} scheduled check-ins for ${count} answers (fewer graduates than the answers need)`);
      // One transaction, not a commit (a WAL flush, ~3 ms here) per token.
      const tokens = await this.dataSource.transaction(async (manager) => {
        const issued: string[] = [];
        for (const c of open) {
          const { token } = await checkIns.links.issue(
            { organisationId: org, purpose: LinkPurpose.CheckInAnswer, subjectId: c.graduate_id, claims: { checkInId: c.id }, ttlSeconds: 3_600, singleUse: true },
            manager,
          );
          issued.push(token);
        }
        return issued;
      });
      say(`enrolled ${report.enrolled} graduates (${report.checkIns} check-ins) and issued ${tokens.length} answer links in ${seconds(started).toFixed(1)} s`);
      return tokens;
    } finally {
      await checkIns.close();
    }
  }

  async close(): Promise<void> {
    await this.api?.stop();
    await this.app.close();
  }
}

/**
 * `EngagementRollup.runDay` of the round's day (the nightly figure's days, oldest first; the last
 * is yesterday, UTC), run for the first time: counts, 10,000 scores, flags with their new alerts,
 * retention. Then the same day again (`rerun_s`): idempotent, it rebuilds the day and raises nothing.
 */
export async function nightlyRollupSeconds(bench: EngagementBench, round: number): Promise<{ value: number; details: Record<string, number> }> {
  const day = bench.nightlyDays[round];
  if (!day) throw new Error(`nightly bench: no day left for round ${round + 1}`);
  const started = performance.now();
  const first = await bench.rollup.runDay(bench.organisationId, day);
  const firstSeconds = seconds(started);
  bench.markRolledUp(day);
  const again = performance.now();
  const rerun = await bench.rollup.runDay(bench.organisationId, day);
  const rerunSeconds = seconds(again);
  if (first.scores !== bench.sizes.graduates) throw new Error(`nightly bench: ${first.scores} scores written for ${bench.sizes.graduates} active graduates`);
  if (rerun.flagsRaised !== 0) throw new Error(`nightly bench: a rerun of ${day} raised ${rerun.flagsRaised} flags`);
  return {
    value: firstSeconds,
    details: { first_s: firstSeconds, rerun_s: rerunSeconds, scores: first.scores, flags_raised: first.flagsRaised, flags_cleared: first.flagsCleared },
  };
}

/**
 * p95 (ms) of `GET /graduates/{id}/timeline` (default page: the newest 50 of the graduate's ~100
 * events, with the total) for random graduates, one request at a time after 10 warm-ups,
 * measured by the client to the response's last byte.
 */
export async function timelineP95Ms(bench: EngagementBench, requests: number, round: number): Promise<{ value: number; details: Record<string, number> }> {
  const random = mulberry32(1_000 + round);
  const ids = bench.graduateIds;
  const one = async () => {
    const id = ids[Math.floor(random() * ids.length)];
    const res = await bench.get(`/graduates/${id}/timeline`);
    const page = JSON.parse(res.body.toString()) as { items: unknown[]; total: number };
    if (page.total > 0 && page.items.length === 0) throw new Error('timeline bench: a page came back empty');
    return res.totalMs;
  };
  for (let i = 0; i < 10; i += 1) await one();
  const timings: number[] = [];
  for (let i = 0; i < requests; i += 1) timings.push(await one());
  return { value: percentile(timings, 95), details: { p50_ms: percentile(timings, 50), requests } };
}

/**
 * p95 (ms) of the cohort reports, alternating `GET /reports/rates` over the last year (days up to
 * yesterday) grouped by cohort and `GET /reports/retention` of the graduates discharged over the
 * last two years; one request at a time after 10 warm-ups. Each report's own p95 is in the details.
 */
export async function cohortReportP95Ms(bench: EngagementBench, requests: number): Promise<{ value: number; details: Record<string, number> }> {
  const rates = `/reports/rates?from=${addDays(bench.today, -HISTORY_DAYS)}&to=${bench.yesterday}&groupBy=cohort`;
  const retention = `/reports/retention?dischargedFrom=${addDays(bench.today, -DISCHARGE_SPREAD_DAYS)}&dischargedTo=${bench.today}`;
  const timings = { rates: [] as number[], retention: [] as number[] };
  let cohorts = 0;
  const one = async (i: number, keep: boolean) => {
    const which = i % 2 === 0 ? 'rates' : 'retention';
    const res = await bench.get(which === 'rates' ? rates : retention);
    const rows = JSON.parse(res.body.toString()) as unknown[];
    if (rows.length === 0) throw new Error(`report bench: ${which} came back empty`);
    if (which === 'rates') cohorts = rows.length;
    if (keep) timings[which].push(res.totalMs);
  };
  for (let i = 0; i < 10; i += 1) await one(i, false);
  for (let i = 0; i < requests; i += 1) await one(i, true);
  return {
    value: percentile([...timings.rates, ...timings.retention], 95),
    details: {
      rates_p95_ms: percentile(timings.rates, 95),
      retention_p95_ms: percentile(timings.retention, 95),
      rates_p50_ms: percentile(timings.rates, 50),
      retention_p50_ms: percentile(timings.retention, 50),
      cohorts,
      requests,
    },
  };
}

/**
 * Seconds to download `GET /reports/engagement-events.csv` for the last `rows ÷ events × 365`
 * days before the seed's clock, which hold about `rows` events: streamed, lines counted as they
 * arrive. Fails below 95% of `rows`, or when the rows differ from what the table holds for the range.
 */
export async function csvExportSeconds(bench: EngagementBench, rows: number): Promise<{ value: number; details: Record<string, number> }> {
  const to = bench.now;
  const from = new Date(to.getTime() - Math.round((HISTORY_DAYS * DAY_MS * rows) / bench.sizes.events));
  let lines = 0;
  const res = await bench.get(`/reports/engagement-events.csv?from=${from.toISOString()}&to=${to.toISOString()}`, (chunk) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  });
  const received = lines - 1; // the header
  const [{ expected }] = await bench.dataSource.query(
    `SELECT count(*)::int AS expected FROM engagement_event WHERE organisation_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
    [bench.organisationId, from, to],
  );
  if (received < 0.95 * rows) throw new Error(`csv bench: ${received} rows received, expected about ${rows} (at least ${Math.ceil(0.95 * rows)})`);
  if (received !== expected) throw new Error(`csv bench: ${received} rows received, the range holds ${expected}`);
  return {
    value: res.totalMs / 1_000,
    details: { rows: received, mb: res.bytes / 1e6, first_byte_ms: res.headersMs, rows_per_s: received / (res.totalMs / 1_000) },
  };
}
