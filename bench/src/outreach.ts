import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AppConfig, ConfigModule, loadConfig } from '@continuum/config';
import { AT_RISK_RULES, CONTACT_METHODS, CONTACT_OUTCOMES, findProtocol, WORKLIST_REASONS, type WorklistReason } from '@continuum/domain';
import { BroadcastsService, OutreachModule, type WorklistItem, WorklistService } from '@continuum/outreach';
import type { Actor } from '@continuum/people';
import { dataSourceOptions, runMigrations, StaffRole } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { createStaff, type StaffFixture } from '@continuum/testing';
import { DeliveryBench, type WorkerShape } from './delivery';
import { ApiProcess, type HttpResult, KIND_SLOTS } from './engagement';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

const DAY_MS = 86_400_000;
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1_000;

/** Progress of the setup, on stderr so the results table stays clean. */
function say(message: string): void {
  process.stderr.write(`bench outreach: ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// broadcast_10k_s
// ---------------------------------------------------------------------------------------------

/**
 * Broadcasts on the delivery engine as the worker runs it (`DeliveryBench.twilio`: the real
 * `TwilioSmsTransport` against `FakeTwilio` on loopback), with `OutreachModule` in the same
 * context: `BroadcastsService` needs the engine's `MessageComposer` and `DeliveryScheduler`, and a
 * second `DeliveryModule` beside a dynamic one would be an engine of its own (see meetings.ts).
 */
export function broadcastBench(env: BenchEnvironment, shape: WorkerShape): Promise<DeliveryBench> {
  return DeliveryBench.twilio(env, 'broadcasts', shape, [OutreachModule]);
}

const BROADCAST_BODY = 'Our summer picnic is on Saturday at noon.';

/**
 * Seconds for one broadcast to `count` alumni, from the start of `BroadcastsService.send` (the
 * segment's recipients with their latest consents, one `broadcast.message` delivery each written
 * with `DeliveryScheduler.add` in one transaction, then queued) until every delivery's SMS has
 * been taken by the fake provider and its `sent` status written. Per run a new organisation with
 * an admin and `count` active graduates (phone, a zone where it is midday now, SMS consent for
 * `meeting_invites`, which is what alumni messages need), seeded with SQL, and the draft
 * (`BroadcastsService.create`, segment `{}`: every active graduate); none of that is timed.
 * `details.send_s` is `send` alone.
 */
export async function broadcastSeconds(bench: DeliveryBench, count: number): Promise<{ value: number; details: Record<string, number> }> {
  const staff = await createStaff(bench.dataSource, { role: StaffRole.Admin });
  const actor: Actor = { userId: staff.userId, organisationId: staff.organisationId, role: staff.role, ip: null, requestId: null };
  await bench.seedRecipients(count, actor.organisationId);
  const broadcasts = bench.get(BroadcastsService);
  const draft = await broadcasts.create(actor, { name: 'Summer picnic', bodies: { en: BROADCAST_BODY }, segment: {} });
  if (draft.audience?.recipients !== count) {
    throw new Error(`broadcast bench: the draft would reach ${draft.audience?.recipients ?? 'nobody'}, expected ${count}`);
  }

  let recipients = 0;
  let sendSeconds = 0;
  const result = await bench.drain(actor.organisationId, count, async () => {
    const started = performance.now();
    const sent = await broadcasts.send(actor, draft.id, null);
    sendSeconds = seconds(started);
    recipients = sent.recipients ?? 0;
    if (recipients !== count) throw new Error(`broadcast bench: expected ${count} recipients, got ${recipients}`);
  });
  const [{ delivered }] = await bench.dataSource.query(
    `SELECT count(*)::int AS delivered FROM delivery
      WHERE organisation_id = $1 AND subject_id = $2 AND kind = 'broadcast.message' AND status IN ('sent', 'delivered')`,
    [actor.organisationId, draft.id],
  );
  if (delivered !== count) throw new Error(`broadcast bench: expected ${count} broadcast.message deliveries sent, found ${delivered}`);
  return {
    value: result.seconds,
    details: {
      recipients,
      delivered,
      send_s: sendSeconds,
      drain_s: result.seconds - sendSeconds,
      per_s: count / result.seconds,
      failed_jobs: result.failedJobs,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// worklist_p95_ms
// ---------------------------------------------------------------------------------------------

@Module({})
class WorklistBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorklistBenchModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config, 'continuum-bench-worklist')),
        QueueModule.forRoot('producer'),
        // WorklistService as the API runs it, called in-process for the service-only timings.
        OutreachModule,
      ],
    };
  }
}

export interface WorklistSizes {
  /** The coordinator's caseload: active graduates whose coordinator they are. */
  graduates: number;
  /** Engagement events among them, over the last year. */
  events: number;
}

/**
 * One organisation with one coordinator (a `staff_user` with role `coordinator`) whose caseload is
 * `graduates` active graduates, with a year of their history seeded with SQL (not timed), and the
 * real API in a process of its own, signed in as that coordinator (the worklist is the caller's own).
 */
export class WorklistBench {
  private api: ApiProcess | null = null;
  private token: { value: string; at: number } | null = null;
  readonly now = new Date();
  readonly today = this.now.toISOString().slice(0, 10);

  private constructor(
    private readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
    readonly coordinator: StaffFixture,
    readonly sizes: WorklistSizes,
  ) {}

  static async start(env: BenchEnvironment, sizes: WorklistSizes): Promise<WorklistBench> {
    const config = loadConfig({
      DATABASE_POOL_SIZE: '5',
      LOG_LEVEL: 'silent',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: `${env.prefix}_worklist`,
    });
    const app = await NestFactory.createApplicationContext(WorklistBenchModule.forRoot(config), { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    const coordinator = await createStaff(dataSource, { role: StaffRole.Coordinator });
    const bench = new WorklistBench(app, dataSource, coordinator, sizes);
    try {
      await bench.seed();
      bench.api = await ApiProcess.start(env, 'worklist');
    } catch (error) {
      await bench.close();
      throw error;
    }
    return bench;
  }

  get actor(): Actor {
    return { userId: this.coordinator.userId, organisationId: this.coordinator.organisationId, role: this.coordinator.role, ip: null, requestId: null };
  }

  /**
   * The coordinator's caseload and its history, in bulk SQL with a fixed random seed:
   *
   * - `graduates` active graduates (`coordinator_id` = the coordinator), discharged one every few
   *   days over the last two years, admitted 28–87 days before, so about an eighth of them have
   *   their 6-month follow-up window (5 to 8 months after intake) open today;
   * - `events` engagement events in all (~100 a graduate): one for each contact log entry
   *   (`outreach.reached` or `.attempted`) and each inbound text (`message.received`), as the
   *   services append them, and the rest over the last 365 days, each of a uniformly random
   *   graduate, kinds drawn from the engagement bench's mix (23% the graduate's own touchpoints, so
   *   about a quarter have none in the last 21 days), oldest first;
   * - the default post-IOP taper plan, every graduate enrolled on it, and its 19 check-ins each from
   *   the discharge date (10:00 New York): past ones answered (75%) or missed a day after they were
   *   due (25%), future ones scheduled;
   * - `engagement_flag`: one active flag for a tenth of the caseload (rules round robin, raised in the
   *   last 30 days, each with its open routine at-risk alert owned by the coordinator) and twice as
   *   many cleared ones;
   * - `alert`: 20 open escalation alerts owned by the coordinator (raised in the last 3 days), and
   *   300 resolved ones over the year;
   * - `contact_log`: one entry per graduate on average, by the coordinator, over the last 90 days,
   *   30% setting a next step 1–21 days later (so some are due today or earlier);
   * - `conversation_message`: threads for 15% of the caseload, 2–8 messages each, alternating; a
   *   third of the threads end with a text from the graduate nobody has answered yet.
   *
   * Then `VACUUM (ANALYZE)` of the tables, as autovacuum would have left them.
   */
  private async seed(): Promise<void> {
    const { graduates, events } = this.sizes;
    const started = performance.now();
    const org = this.coordinator.organisationId;
    // One connection for the whole seed, so that each setseed holds for the statements after it.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await this.seedOn((sql, params = []) => runner.query(sql, params));
    } finally {
      await runner.release();
    }
    const [counts] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM engagement_event WHERE organisation_id = $1)::int AS events,
              (SELECT count(*) FROM check_in WHERE organisation_id = $1)::int AS check_ins,
              (SELECT count(*) FROM check_in WHERE organisation_id = $1 AND status = 'missed' AND missed_at > $2::timestamptz - interval '14 days')::int AS recent_missed,
              (SELECT count(*) FROM engagement_flag WHERE organisation_id = $1 AND cleared_at IS NULL)::int AS flags,
              (SELECT count(*) FROM contact_log WHERE organisation_id = $1)::int AS contacts,
              (SELECT count(*) FROM conversation_message WHERE organisation_id = $1)::int AS messages`,
      [org, this.now],
    );
    if (counts.events !== events) throw new Error(`worklist bench: seeded ${counts.events} events, expected ${events}`);
    say(
      `seeded a caseload of ${graduates} with ${counts.events} events, ${counts.check_ins} check-ins (${counts.recent_missed} missed in 14 days), ` +
        `${counts.flags} active flags, ${counts.contacts} contact log entries, ${counts.messages} messages in ${seconds(started).toFixed(1)} s`,
    );
  }

  private async seedOn(q: <T = unknown>(sql: string, params?: unknown[]) => Promise<T>): Promise<void> {
    const { graduates, events } = this.sizes;
    const org = this.coordinator.organisationId;
    const me = this.coordinator.userId;
    await q(`SELECT setseed(0.42)`);

    // (i * 7) % 730 visits every day of two years once per 730 graduates (7 and 730 are coprime).
    await q(
      `INSERT INTO graduate (organisation_id, coordinator_id, external_id, first_name, last_name, sort_name, admission_date, discharge_date,
                             timezone, phone, email, preferred_channels, status)
       SELECT $1, $2, 'WL-' || i, 'Robin', 'Worklist' || i, 'worklist' || i || ' robin',
              $3::date - 1 - (i * 7) % 730 - 28 - i % 60, $3::date - 1 - (i * 7) % 730,
              'America/New_York', '+1' || (2020000000 + i)::text, 'wl' || i || '@example.org', '{sms}', 'active'
         FROM generate_series(1, $4::int) AS i`,
      [org, me, this.today, graduates],
    );

    // Check-ins: the default taper, everyone enrolled at discharge.
    const protocol = findProtocol('post-iop-taper@1');
    if (!protocol) throw new Error('worklist bench: no post-iop-taper@1 protocol');
    const [plan] = await q<{ id: string }[]>(
      `INSERT INTO check_in_plan (organisation_id, name, protocol, definition) VALUES ($1, 'Post-IOP taper', 'post-iop-taper@1', $2::jsonb) RETURNING id`,
      [org, JSON.stringify(protocol.plan)],
    );
    await q(
      `INSERT INTO check_in_enrolment (organisation_id, graduate_id, plan_id, status, enrolled_at)
       SELECT $1, g.id, $2, 'active', g.discharge_date::timestamp AT TIME ZONE 'America/New_York' FROM graduate g WHERE g.organisation_id = $1`,
      [org, plan.id],
    );
    const days = protocol.plan.offsets.map((o) => Number(/^P(\d+)D$/.exec(o)?.[1]));
    if (days.some((d) => !Number.isInteger(d))) throw new Error(`worklist bench: unexpected offsets ${protocol.plan.offsets.join(',')}`);
    await q(
      `INSERT INTO check_in (organisation_id, graduate_id, enrolment_id, sequence, "offset", instrument, channel, due_at, status, answered_at, missed_at)
       SELECT $1, c.graduate_id, c.enrolment_id, c.seq, 'P' || c.day || 'D', NULL, 'sms', c.due_at,
              CASE WHEN c.due_at + interval '1 day' > $3::timestamptz THEN 'scheduled' WHEN c.r < 0.25 THEN 'missed' ELSE 'answered' END,
              CASE WHEN c.due_at + interval '1 day' <= $3::timestamptz AND c.r >= 0.25 THEN c.due_at + c.r * interval '20 hours' END,
              CASE WHEN c.due_at + interval '1 day' <= $3::timestamptz AND c.r < 0.25 THEN c.due_at + interval '1 day' END
         FROM (SELECT e.graduate_id, e.id AS enrolment_id, o.seq - 1 AS seq, o.day,
                      ((g.discharge_date + o.day)::timestamp + interval '10 hours') AT TIME ZONE 'America/New_York' AS due_at, random() AS r
                 FROM check_in_enrolment e JOIN graduate g ON g.id = e.graduate_id
                 CROSS JOIN unnest($2::int[]) WITH ORDINALITY AS o(day, seq)
                WHERE e.organisation_id = $1 OFFSET 0) c`,
      [org, days, this.now],
    );

    // At-risk flags (a tenth of the caseload) with their alerts, and cleared ones from before.
    const flagged = Math.max(1, Math.round(graduates / 10));
    // Alert ids are drawn first so that each flag names its alert in the same statement.
    await q(
      `WITH picked AS (
         SELECT g.id, gen_random_uuid() AS alert_id, ($4::text[])[1 + (row_number() OVER (ORDER BY md5(g.id::text)))::int % cardinality($4::text[])] AS rule,
                $2::timestamptz - random() * interval '30 days' AS raised_at
           FROM graduate g WHERE g.organisation_id = $1 ORDER BY md5(g.id::text) LIMIT $3
       ), alerts AS (
         INSERT INTO alert (id, organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, status, owner_id, created_at, updated_at)
         SELECT p.alert_id, $1, p.id, 'at_risk', 'routine', ARRAY[p.rule], 'at_risk:' || p.id || ':' || p.rule, 'open', $5, p.raised_at, p.raised_at FROM picked p
       )
       INSERT INTO engagement_flag (organisation_id, graduate_id, rule, reason, raised_at, alert_id)
       SELECT $1, p.id, p.rule, 'bench flag', p.raised_at, p.alert_id FROM picked p`,
      [org, this.now, flagged, [...AT_RISK_RULES], me],
    );
    await q(
      `INSERT INTO engagement_flag (organisation_id, graduate_id, rule, reason, raised_at, cleared_at)
       SELECT $1, g.id, ($4::text[])[1 + i % cardinality($4::text[])], 'bench flag', r.raised_at, r.raised_at + interval '1 day' + random() * interval '20 days'
         FROM generate_series(1, $3::int) AS i
         JOIN LATERAL (SELECT $2::timestamptz - interval '30 days' - random() * interval '300 days' AS raised_at) r ON true
         JOIN graduate g ON g.organisation_id = $1 AND g.external_id = 'WL-' || (1 + (i * 37) % $5::int)`,
      [org, this.now, 2 * flagged, [...AT_RISK_RULES], graduates],
    );

    // Escalations: 20 open, owned by the coordinator; 300 resolved over the year.
    await q(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, status, owner_id, acknowledged_at, resolved_at, created_at, updated_at)
       SELECT $1, g.id, 'escalation', 'urgent', '{crisis_words}', 'bench-escalation:' || i,
              CASE WHEN i <= 20 THEN 'open' ELSE 'resolved' END, $3,
              CASE WHEN i > 20 THEN t.at + interval '10 minutes' END, CASE WHEN i > 20 THEN t.at + interval '2 hours' END, t.at, t.at
         FROM generate_series(1, 320) AS i
         JOIN LATERAL (SELECT CASE WHEN i <= 20 THEN $2::timestamptz - random() * interval '3 days'
                                   ELSE $2::timestamptz - interval '3 days' - random() * interval '360 days' END AS at) t ON true
         JOIN graduate g ON g.organisation_id = $1 AND g.external_id = 'WL-' || (1 + (i * 101) % $4::int)`,
      [org, this.now, me, graduates],
    );

    // The coordinator's contact log: one entry per graduate on average, over the last 90 days.
    await q(
      `INSERT INTO contact_log (organisation_id, graduate_id, staff_user_id, method, outcome, notes, next_step_on, occurred_at)
       SELECT $1, g.id, $2, ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int], ($6::text[])[1 + floor(random() * cardinality($6::text[]))::int],
              NULL, CASE WHEN r.s < 0.3 THEN (r.at + (1 + floor(r.s * 70)::int) * interval '1 day')::date END, r.at
         FROM (SELECT 1 + floor(random() * $4::int)::int AS n, $3::timestamptz - random() * interval '90 days' AS at, random() AS s
                 FROM generate_series(1, $4::int) OFFSET 0) r
         JOIN graduate g ON g.organisation_id = $1 AND g.external_id = 'WL-' || r.n`,
      [org, me, this.now, graduates, [...CONTACT_METHODS], [...CONTACT_OUTCOMES]],
    );

    // Conversations: 15% of the caseload, 2–8 messages a thread, a day or so apart, alternating;
    // a third of the threads end with an unanswered text from the graduate.
    await q(
      `INSERT INTO conversation_message (organisation_id, graduate_id, direction, body, staff_user_id, created_at)
       SELECT $1, t.id, CASE WHEN ((t.len - k) % 2 = 0) = t.ends_in THEN 'in' ELSE 'out' END,
              'bench message ' || k, CASE WHEN ((t.len - k) % 2 = 0) = t.ends_in THEN NULL ELSE $2::uuid END,
              $3::timestamptz - (t.len - k) * interval '26 hours' - t.jitter * interval '1 hour'
         FROM (SELECT g.id, 2 + floor(random() * 7)::int AS len, random() < 1.0 / 3 AS ends_in, random() * 20 AS jitter
                 FROM graduate g WHERE g.organisation_id = $1 ORDER BY md5(g.id::text || 'c') LIMIT $4 OFFSET 0) t
         CROSS JOIN LATERAL generate_series(1, t.len) AS k`,
      [org, me, this.now, Math.max(1, Math.round(graduates * 0.15))],
    );

    // The contact log's and the inbound texts' own events (as ContactLogService and
    // ConversationService append them), then the rest of `events` drawn from the mix.
    const [{ companions }] = await q<{ companions: number }[]>(
      `SELECT ((SELECT count(*) FROM contact_log WHERE organisation_id = $1)
             + (SELECT count(*) FROM conversation_message WHERE organisation_id = $1 AND direction = 'in'))::int AS companions`,
      [org],
    );
    const drawn = events - companions;
    if (drawn < 0) throw new Error(`worklist bench: ${events} events are fewer than the ${companions} the contact log and texts need`);
    const slices = 10;
    const historyStart = this.now.getTime() - 365 * DAY_MS;
    const sliceMs = (365 * DAY_MS) / slices;
    for (let s = 0; s < slices; s += 1) {
      const count = Math.floor((drawn * (s + 1)) / slices) - Math.floor((drawn * s) / slices);
      await q(`SELECT setseed($1)`, [(s + 1) / (slices + 1)]);
      await q(
        `INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload, occurred_at)
         SELECT $1, g.id, r.kind, NULL, '{}'::jsonb, r.occurred_at
           FROM (SELECT 1 + floor(random() * $2::int)::int AS n,
                        ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] AS kind,
                        $4::timestamptz + random() * $5::float8 * interval '1 millisecond' AS occurred_at
                   FROM generate_series(1, $6::int) OFFSET 0) AS r
           JOIN graduate g ON g.organisation_id = $1 AND g.external_id = 'WL-' || r.n
          ORDER BY r.occurred_at`,
        [org, graduates, KIND_SLOTS, new Date(historyStart + s * sliceMs), sliceMs, count],
      );
    }

    await q(
      `INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload, occurred_at)
       SELECT $1, x.graduate_id, x.kind, x.ref_id, x.payload, x.occurred_at
         FROM (SELECT l.graduate_id, CASE WHEN l.outcome = 'reached' THEN 'outreach.reached' ELSE 'outreach.attempted' END AS kind, l.id AS ref_id,
                      jsonb_build_object('method', l.method, 'outcome', l.outcome) AS payload, l.occurred_at
                 FROM contact_log l WHERE l.organisation_id = $1
               UNION ALL
               SELECT m.graduate_id, 'message.received', m.id, '{"channel": "sms"}'::jsonb, m.created_at
                 FROM conversation_message m WHERE m.organisation_id = $1 AND m.direction = 'in') x
        ORDER BY x.occurred_at`,
      [org],
    );

    await q('VACUUM (ANALYZE) graduate, engagement_event, check_in, check_in_enrolment, engagement_flag, alert, contact_log, conversation_message');
  }

  /** A GET as the coordinator, signed in through POST /auth/login (again after 10 minutes; tokens live 15). */
  async get(path: string): Promise<HttpResult> {
    if (!this.api) throw new Error('worklist bench: started without the API');
    if (!this.token || Date.now() - this.token.at > 10 * 60_000) {
      const login = await this.api.call('POST', '/auth/login', { json: { email: this.coordinator.email, password: this.coordinator.password } });
      if (login.status !== 200) throw new Error(`worklist bench: sign-in failed with ${login.status}: ${login.body.toString()}`);
      this.token = { value: (JSON.parse(login.body.toString()) as { accessToken: string }).accessToken, at: Date.now() };
    }
    const result = await this.api.call('GET', path, { headers: { authorization: `Bearer ${this.token.value}` } });
    if (result.status !== 200) {
      throw new Error(`worklist bench: GET ${path} answered ${result.status}: ${result.body.toString().slice(0, 500)}\n${this.api.tail(10)}`);
    }
    return result;
  }

  /** `WorklistService.forCoordinator` in the bench's process (query and audit insert, no HTTP), ms. */
  async serviceMs(): Promise<number> {
    const started = performance.now();
    await this.app.get(WorklistService, { strict: false }).forCoordinator(this.actor, this.coordinator.userId);
    return performance.now() - started;
  }

  async close(): Promise<void> {
    await this.api?.stop();
    await this.app.close();
  }
}

/**
 * p95 (ms) of `GET /worklist` as the coordinator (their own worklist), one request at a time on
 * a keep-alive connection after 10 warm-ups, timed by the client to the last byte. `details`:
 * `p50_ms`, `items` (graduates on the list) and how many are there under each top reason, and
 * the same call without HTTP (`service_p50_ms`, `service_p95_ms`: `WorklistService.forCoordinator`
 * in the bench's process, 20 calls after the HTTP ones), to tell the query from the rest.
 */
export async function worklistP95Ms(bench: WorklistBench, requests: number): Promise<{ value: number; details: Record<string, number> }> {
  let last: WorklistItem[] = [];
  const one = async () => {
    const res = await bench.get('/worklist');
    last = JSON.parse(res.body.toString()) as WorklistItem[];
    if (last.length === 0) throw new Error('worklist bench: the worklist came back empty');
    return res.totalMs;
  };
  for (let i = 0; i < 10; i += 1) await one();
  const timings: number[] = [];
  for (let i = 0; i < requests; i += 1) timings.push(await one());
  const service: number[] = [];
  for (let i = 0; i < 20; i += 1) service.push(await bench.serviceMs());
  const byReason = Object.fromEntries(
    WORKLIST_REASONS.map((reason: WorklistReason) => [`items_${reason}`, last.filter((item) => item.reason === reason).length]),
  );
  return {
    value: percentile(timings, 95),
    details: {
      p50_ms: percentile(timings, 50),
      requests,
      items: last.length,
      kb: Buffer.byteLength(JSON.stringify(last)) / 1_000,
      service_p50_ms: percentile(service, 50),
      service_p95_ms: percentile(service, 95),
      ...byReason,
    },
  };
}
