import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { DISPATCH_BATCH_MAX, type DeliveryRequest, DeliveryScheduler, Dispatcher, type ScheduledDelivery } from '@continuum/delivery';
import { type DeliveryJob, JobName, JobProducer, QueueName } from '@continuum/queue';
import { createOrganisation, expectEventually, testConfig } from '@continuum/testing';
import { SmsDeliveryProcessor, EmailDeliveryProcessor } from '../apps/worker/src/delivery.processors';
import { startApi, startWorker } from './support/apps';
import { zoneWhereLocalHourIs } from './support/people';

/**
 * Jobs that run at the same time share the dispatcher's round trips (one read of their rows, one
 * claim transaction, one write of their outcomes). Here the dispatcher is called directly, as the
 * worker's processors call it, with no worker running: calls started together share a batch.
 */
describe('delivery dispatch in batches', () => {
  let config: AppConfig;
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let dispatcher: Dispatcher;
  let scheduler: DeliveryScheduler;

  beforeAll(async () => {
    config = testConfig({ SMS_PER_DAY: '1', SMS_PER_WEEK: '3' });
    api = await startApi(config);
    dataSource = api.get(getDataSourceToken());
    dispatcher = api.get(Dispatcher);
    scheduler = api.get(DeliveryScheduler);
  });

  afterAll(async () => {
    await api?.close();
  });

  /** `count` active graduates of the organisation, at noon where they live, who agreed to SMS meeting messages. */
  async function graduates(organisationId: string, count: number): Promise<string[]> {
    const rows: { id: string }[] = await dataSource.query(
      `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, timezone, phone, preferred_channels, status)
       SELECT $1, 'BATCH-' || i, 'Robin', 'Batch' || i, 'batch' || i || ' robin', $2, '+1202555' || lpad(i::text, 4, '0'), '{sms}', 'active'
         FROM generate_series(1, $3::int) AS i
       RETURNING id`,
      [organisationId, zoneWhereLocalHourIs(12), count],
    );
    await dataSource.query(
      `INSERT INTO consent_record (organisation_id, graduate_id, channel, purpose, decision, method, shown_text)
       SELECT organisation_id, id, 'sms', 'meeting_invites', 'granted', 'verbal', 'We will text you meeting news. Reply STOP to end.'
         FROM graduate WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows.map((r) => r.id);
  }

  const announcement = (organisationId: string, graduateId: string, key: string): DeliveryRequest => ({
    organisationId,
    graduateId,
    channel: 'sms',
    purpose: 'meeting_invites',
    kind: 'broadcast.message',
    idempotencyKey: key,
    variables: { message: 'Our summer picnic is on Saturday at noon.' },
    dueAt: new Date(Date.now() - 1_000),
  });

  /** Writes the deliveries (no job queued) and hands them all to the dispatcher at once. */
  async function dispatchTogether(requests: DeliveryRequest[]): Promise<{ ids: string[]; results: PromiseSettledResult<unknown>[] }> {
    const scheduled = await dataSource.transaction((manager) => scheduler.add(manager, requests));
    const results = await Promise.allSettled(scheduled.map((d) => dispatcher.handle(d.id, d.sendAfter.getTime())));
    return { ids: scheduled.map((d) => d.id), results };
  }

  const rowsOf = async (ids: string[]) =>
    (await dataSource.query(`SELECT id, status, error_code, attempts FROM delivery WHERE id = ANY($1) ORDER BY array_position($1, id)`, [ids])) as {
      id: string;
      status: string;
      error_code: string | null;
      attempts: number;
    }[];

  /** A delivery's own job, as the producer looks it up. */
  const ownJob = (d: Pick<ScheduledDelivery, 'id' | 'sendAfter'>) => ({ payload: { deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() }, runAt: d.sendAfter.getTime() });

  /** A row no dispatch can settle is cancelled once its test is done, so no later reconcile of this file queues it. */
  const leaveNothingDue = (id: string) => dataSource.query(`UPDATE delivery SET status = 'cancelled', finished_at = now() WHERE id = $1`, [id]);

  it('decides a second message to the same recipient after the first is claimed, so the daily cap holds within a batch', async () => {
    const organisation = await createOrganisation(dataSource);
    const [graduate] = await graduates(organisation.id, 1);
    const { ids, results } = await dispatchTogether([
      announcement(organisation.id, graduate, `batch-cap:${graduate}:1`),
      announcement(organisation.id, graduate, `batch-cap:${graduate}:2`),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [first, second] = await rowsOf(ids);
    expect(first).toMatchObject({ status: 'sent', attempts: 1 });
    expect(second).toMatchObject({ status: 'pending', error_code: 'recipient_cap', attempts: 0 });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE delivery_id = ANY($1)', [ids])).toEqual([{ n: 1 }]);
  });

  it('sends more deliveries than one batch holds, of two organisations, each once, and counts each organisation’s own', async () => {
    const [a, b] = [await createOrganisation(dataSource), await createOrganisation(dataSource)];
    const perOrganisation = DISPATCH_BATCH_MAX;
    const requests = [
      ...(await graduates(a.id, perOrganisation)).map((g) => announcement(a.id, g, `batch-many:${g}`)),
      ...(await graduates(b.id, perOrganisation)).map((g) => announcement(b.id, g, `batch-many:${g}`)),
    ];
    const { ids, results } = await dispatchTogether(requests);
    expect(results.every((r) => r.status === 'fulfilled' && (r.value as { status: string }).status === 'done')).toBe(true);
    const rows = await rowsOf(ids);
    expect(rows.filter((r) => r.status === 'sent' && r.attempts === 1)).toHaveLength(2 * perOrganisation);
    const outbox: { n: number; recipients: number }[] = await dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT to_address)::int AS recipients FROM outbox_message WHERE delivery_id = ANY($1)',
      [ids],
    );
    expect(outbox).toEqual([{ n: 2 * perOrganisation, recipients: perOrganisation }]);
    const counted: { organisation_id: string; n: number }[] = await dataSource.query(
      'SELECT organisation_id, sum(sent)::int AS n FROM org_send_count WHERE organisation_id = ANY($1) GROUP BY 1',
      [[a.id, b.id]],
    );
    expect(Object.fromEntries(counted.map((c) => [c.organisation_id, c.n]))).toEqual({ [a.id]: perOrganisation, [b.id]: perOrganisation });
    // Their message.sent touchpoints, one each, from the status trigger.
    const events = await dataSource.query(`SELECT count(*)::int AS n FROM engagement_event WHERE kind = 'message.sent' AND ref_id = ANY($1)`, [ids]);
    expect(events).toEqual([{ n: 2 * perOrganisation }]);
  });

  it('fails only the delivery whose graduate is not in its organisation; the rest of its batch is sent', async () => {
    const [own, other] = [await createOrganisation(dataSource), await createOrganisation(dataSource)];
    const ours = await graduates(own.id, 3);
    const [theirs] = await graduates(other.id, 1);
    const requests = ours.map((g) => announcement(own.id, g, `batch-bad:${g}`));
    const scheduled = await dataSource.transaction((manager) => scheduler.add(manager, requests));
    // A row that names another organisation's graduate (no producer writes one; a bad migration or a hand edit could).
    const [bad]: { id: string; send_after: Date }[] = await dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after)
       VALUES ($1, $2, 'sms', 'meeting_invites', 'broadcast.message', $3, '{"message":"Hello"}', now(), now() - interval '1 second')
       RETURNING id, send_after`,
      [own.id, theirs, `batch-bad:${theirs}`],
    );
    const calls = [...scheduled.map((d) => ({ id: d.id, at: d.sendAfter.getTime() })), { id: bad.id, at: new Date(bad.send_after).getTime() }];
    const results = await Promise.allSettled(calls.map((c) => dispatcher.handle(c.id, c.at)));
    expect(results.slice(0, 3).map((r) => r.status === 'fulfilled' && (r.value as { status: string }).status)).toEqual(['done', 'done', 'done']);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('its graduate is not in its organisation') }) });
    const rows = await rowsOf(calls.map((c) => c.id));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'pending']);
    await leaveNothingDue(bad.id);
  });

  it('settles every delivery of a job before failing it for one that threw; the job’s retry sends none twice', async () => {
    const [own, other] = [await createOrganisation(dataSource), await createOrganisation(dataSource)];
    const ours = await graduates(own.id, 3);
    const [theirs] = await graduates(other.id, 1);
    const scheduled = await dataSource.transaction((manager) => scheduler.add(manager, ours.map((g) => announcement(own.id, g, `job-bad:${g}`))));
    const [bad]: { id: string; send_after: Date }[] = await dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after)
       VALUES ($1, $2, 'sms', 'meeting_invites', 'broadcast.message', $3, '{"message":"Hello"}', now(), now() - interval '1 second')
       RETURNING id, send_after`,
      [own.id, theirs, `job-bad:${theirs}`],
    );
    // The bad one first, so the job is not failed by whichever happens to come last.
    const [first, ...also] = [{ id: bad.id, sendAfter: new Date(bad.send_after) }, ...scheduled].map((d) => ({ deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() }));
    const job: DeliveryJob = { ...first, also };
    const ids = [...scheduled.map((d) => d.id), bad.id];
    for (const attempt of [1, 2]) {
      await expect(dispatcher.handleJob(job)).rejects.toThrow('its graduate is not in its organisation');
      expect((await rowsOf(ids)).map((r) => [r.status, r.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1], ['pending', 0]]);
      expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE delivery_id = ANY($1)', [ids])).toEqual([{ n: 3 }]);
      expect(attempt).toBeGreaterThan(0);
    }
    await leaveNothingDue(bad.id);
  });

  it('answers done for a job whose deliveries were all sent, and otherwise how many were skipped and why', async () => {
    const organisation = await createOrganisation(dataSource);
    const [alice, bo] = await graduates(organisation.id, 2);
    const items = async (requests: DeliveryRequest[]) =>
      (await dataSource.transaction((manager) => scheduler.add(manager, requests))).map((d) => ({ deliveryId: d.id, sendAfterMs: d.sendAfter.getTime() }));
    const [a, b] = await items([announcement(organisation.id, alice, `job-result:${alice}:1`), announcement(organisation.id, bo, `job-result:${bo}:1`)]);
    expect(await dispatcher.handleJob({ ...a, also: [b] })).toEqual({ status: 'done' });
    // Both are over the day's cap of one now; one of them is also gone.
    const [c, d] = await items([announcement(organisation.id, alice, `job-result:${alice}:2`), announcement(organisation.id, bo, `job-result:${bo}:2`)]);
    expect(await dispatcher.handleJob({ ...c, also: [d, { deliveryId: '00000000-0000-4000-8000-000000000000', sendAfterMs: c.sendAfterMs }] })).toEqual({
      status: 'skipped',
      reason: '3 of 3 skipped (deferred: recipient_cap; delivery not found)',
    });
    // A job of one answers as its delivery does.
    expect(await dispatcher.handleJob(a)).toEqual({ status: 'skipped', reason: 'already sent' });
  });

  it('at 2,500 SMS a second queues deliveries due together 25 to a job, finds each delivery’s job under its own id, re-queues them after Redis lost them, and sends each once', async () => {
    const fast = testConfig({ SMS_RATE_PER_SECOND: '2500' });
    const fastApi = await startApi(fast);
    let worker: INestApplicationContext | undefined;
    try {
      const organisation = await createOrganisation(dataSource);
      const recipients = await graduates(organisation.id, 30);
      const fastScheduler = fastApi.get(DeliveryScheduler);
      const scheduled = await fastScheduler.schedule(recipients.map((g) => announcement(organisation.id, g, `jobs:${g}`)));
      const ids = scheduled.map((d) => d.id);
      const queue = fastApi.get<Queue<DeliveryJob>>(getQueueToken(QueueName.DeliverySms), { strict: false });
      const producer = fastApi.get(JobProducer);
      /** The queued jobs that carry any of this test's deliveries: their sizes, and the deliveries of ours they carry. */
      const queued = async () => {
        const carriedBy = (j: { data: DeliveryJob }) => [j.data.deliveryId, ...(j.data.also ?? []).map((a) => a.deliveryId)];
        const jobs = (await queue.getJobs(['wait', 'delayed', 'prioritized'])).filter((j) => carriedBy(j).some((id) => ids.includes(id)));
        return { sizes: jobs.map((j) => carriedBy(j).length).sort((x, y) => y - x), carried: jobs.flatMap(carriedBy).filter((id) => ids.includes(id)).sort() };
      };
      const live = async () => {
        const rows = await dataSource.query(`SELECT id, send_after FROM delivery WHERE id = ANY($1)`, [ids]);
        return producer.liveJobs(JobName.SendSms, rows.map((r: { id: string; send_after: Date }) => ownJob({ id: r.id, sendAfter: new Date(r.send_after) })));
      };

      expect(await queued()).toEqual({ sizes: [25, 5], carried: [...ids].sort() });
      expect(await live()).toEqual(ids.map(() => true));

      // Redis loses every job (and every alias): the reconciler finds the rows and queues them again, batched.
      await queue.obliterate({ force: true });
      expect(await live()).toEqual(ids.map(() => false));
      // (The reconciler serves every organisation: other suites' due rows, running beside this one, may join ours.)
      expect((await fastScheduler.reconcile({ stuckAfterMs: 60_000 })).requeued).toBeGreaterThanOrEqual(30);
      const requeued = await queued();
      expect(requeued.carried).toEqual([...ids].sort());
      expect(requeued.sizes.length).toBeLessThanOrEqual(3);
      expect(Math.max(...requeued.sizes)).toBeLessThanOrEqual(25);
      expect(await live()).toEqual(ids.map(() => true));

      worker = await startWorker(fast);
      const processor = worker.get(SmsDeliveryProcessor);
      expect(processor.worker.opts.limiter).toEqual({ max: 100, duration: 1_000 });
      expect(processor.worker.concurrency).toBe(4);
      await expectEventually(async () => expect((await rowsOf(ids)).map((r) => r.status)).toEqual(ids.map(() => 'sent')));
      const outbox = await dataSource.query('SELECT count(*)::int AS n, count(DISTINCT delivery_id)::int AS deliveries FROM outbox_message WHERE delivery_id = ANY($1)', [ids]);
      expect(outbox).toEqual([{ n: 30, deliveries: 30 }]);
      await expectEventually(async () => expect(await live()).toEqual(ids.map(() => false)));
    } finally {
      await worker?.close();
      await fastApi.close();
    }
  });

  /**
   * One announcement per new graduate, due at `dueAt`, scheduled by an API at 2,500 SMS a second
   * (jobs of up to 25); `check` gets them and the delayed jobs that carry them, which are removed
   * after, their rows cancelled, so no later reconcile queues them.
   */
  async function scheduledAtFastRate(
    key: string,
    dueAt: Date[],
    check: (scheduled: ScheduledDelivery[], jobs: Job<DeliveryJob>[], producer: JobProducer) => Promise<void>,
  ): Promise<void> {
    const fastApi = await startApi(testConfig({ SMS_RATE_PER_SECOND: '2500' }));
    try {
      const organisation = await createOrganisation(dataSource);
      const recipients = await graduates(organisation.id, dueAt.length);
      const requests = recipients.map((g, i) => ({ ...announcement(organisation.id, g, `${key}:${g}`), dueAt: dueAt[i] }));
      const scheduled = await fastApi.get(DeliveryScheduler).schedule(requests);
      const ids = new Set(scheduled.map((d) => d.id));
      const queue = fastApi.get<Queue<DeliveryJob>>(getQueueToken(QueueName.DeliverySms), { strict: false });
      const ours = (await queue.getJobs(['delayed'])).filter((j) => ids.has(j.data.deliveryId));
      try {
        await check(scheduled, ours, fastApi.get(JobProducer));
      } finally {
        await Promise.all(ours.map((j) => j.remove()));
        await dataSource.query(`UPDATE delivery SET status = 'cancelled', finished_at = now() WHERE id = ANY($1)`, [[...ids]]);
      }
    } finally {
      await fastApi.close();
    }
  }

  it('queues each job to run when the last of its deliveries is due, however long queueing a big set takes', async () => {
    // Due in a minute, one a millisecond: 80 jobs of 25, and 2,000 aliases written before they are added.
    const first = Date.now() + 60_000;
    const dueAt = Array.from({ length: 2_000 }, (_, i) => new Date(first + i));
    await scheduledAtFastRate('run-at', dueAt, async (scheduled, jobs) => {
      const dueOf = new Map(scheduled.map((d) => [d.id, d.sendAfter.getTime()]));
      expect(jobs).toHaveLength(80);
      for (const job of jobs) {
        const lastDue = Math.max(...[job.data, ...(job.data.also ?? [])].map((item) => dueOf.get(item.deliveryId) as number));
        // BullMQ runs a delayed job at its timestamp plus its delay.
        expect({ id: job.id, runsAt: job.timestamp + job.delay }).toEqual({ id: job.id, runsAt: lastDue });
      }
    });
  });

  it('finds each delivery of a job that straddles a minute under its own id (aliases are filed by the minute each is due)', async () => {
    const minute = (Math.floor(Date.now() / 60_000) + 3) * 60_000;
    await scheduledAtFastRate('straddle', [new Date(minute - 10), new Date(minute + 10)], async (scheduled, jobs, producer) => {
      expect(jobs.map((j) => [j.data.deliveryId, ...(j.data.also ?? []).map((a) => a.deliveryId)])).toEqual([scheduled.map((d) => d.id)]);
      expect(await producer.liveJobs(JobName.SendSms, scheduled.map(ownJob))).toEqual([true, true]);
    });
  });

  it('runs the worker’s delivery jobs at the configured concurrency', async () => {
    const worker: INestApplicationContext = await startWorker({ ...config, DELIVERY_CONCURRENCY: 7 });
    try {
      expect(worker.get(SmsDeliveryProcessor).worker.concurrency).toBe(7);
      expect(worker.get(EmailDeliveryProcessor).worker.concurrency).toBe(7);
    } finally {
      await worker.close();
    }
  });
});
