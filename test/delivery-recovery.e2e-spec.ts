import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { DeliveryScheduler, ENQUEUE_HORIZON_MS } from '@continuum/delivery';
import { DeliveryEntity } from '@continuum/persistence';
import { JobName, JobProducer } from '@continuum/queue';
import { createStaff, deleteKeysWithPrefix, expectEventually, FakeTwilio, type StaffFixture, testConfig } from '@continuum/testing';
import { ReconcilerService } from '../apps/worker/src/reconciler.service';
import { startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

/** Postgres is the truth: losing Redis, or a worker mid-send, loses nothing and sends nothing twice. */
describe('delivery recovery', () => {
  const twilio = new FakeTwilio();
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext | undefined;
  let dataSource: DataSource;
  let redis: Redis;
  let staff: StaffFixture;
  let auth: string;

  beforeAll(async () => {
    await twilio.start();
    config = testConfig({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...twilio.env(),
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      SMS_RATE_PER_SECOND: '100',
      SMS_PER_DAY: '50',
      SMS_PER_WEEK: '50',
      DELIVERY_UNKNOWN_RECHECK_MS: '100',
    });
    api = await startApi(config);
    dataSource = api.get(getDataSourceToken());
    redis = new Redis(config.REDIS_URL);
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    redis?.disconnect();
    await twilio.stop();
  });

  const statusOf = async (ids: string[]) =>
    (await dataSource.getRepository(DeliveryEntity).findBy(ids.map((id) => ({ id })))).map((d) => d.status);

  it('re-enqueues every due delivery after Redis lost its jobs, and each is sent once', async () => {
    const graduates = await Promise.all([1, 2, 3, 4, 5].map(() => graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(12) })));
    const scheduled = await api.get(DeliveryScheduler).schedule(
      graduates.map((g, i) => ({
        organisationId: staff.organisationId,
        graduateId: g.id,
        channel: 'sms' as const,
        purpose: 'check_ins' as const,
        kind: 'delivery.test',
        idempotencyKey: `flush-${g.id}-${i}`,
        dueAt: new Date(),
      })),
    );
    // No worker yet: the jobs wait in Redis, and then Redis loses them.
    await deleteKeysWithPrefix(redis, config.QUEUE_PREFIX);
    worker = await startWorker(config);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await statusOf(scheduled.map((s) => s.id))).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);

    await worker.get(ReconcilerService).tick();
    await expectEventually(async () => expect(await statusOf(scheduled.map((s) => s.id))).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']));
    for (const g of graduates) expect(twilio.countBy(g.phone as string)).toBe(1);

    // A second pass finds nothing to do.
    await worker.get(ReconcilerService).tick();
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const g of graduates) expect(twilio.countBy(g.phone as string)).toBe(1);
  });

  it('queues no job for a delivery beyond the enqueue horizon until the reconciler finds it coming due', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(12) });
    const later = new Date(Date.now() + ENQUEUE_HORIZON_MS + 3_600_000);
    const [scheduled] = await api.get(DeliveryScheduler).schedule([
      { organisationId: staff.organisationId, graduateId: graduate.id, channel: 'sms', purpose: 'check_ins', kind: 'delivery.test', idempotencyKey: `far-${graduate.id}`, dueAt: later },
    ]);
    const producer = api.get(JobProducer);
    const live = async (sendAfter: Date) => (await producer.liveJobs(JobName.SendSms, [{ payload: { deliveryId: scheduled.id, sendAfterMs: sendAfter.getTime() }, runAt: sendAfter.getTime() }]))[0];
    expect(await live(later)).toBe(false);
    // Time passes: it is now within the horizon (moved rather than waited for).
    const soon = new Date(Math.floor((Date.now() + 10 * 60_000) / 1000) * 1000);
    await dataSource.query(`UPDATE delivery SET send_after = $2, due_at = $2 WHERE id = $1`, [scheduled.id, soon]);
    worker ??= await startWorker(config);
    await worker.get(ReconcilerService).tick();
    expect(await live(soon)).toBe(true);
    expect(await statusOf([scheduled.id])).toEqual(['pending']);
  });

  it('after a worker died mid-send, asks Twilio before sending: found means sent, not sent twice', async () => {
    worker ??= await startWorker(config);
    const graduate = await graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(12) });
    const id = (await request(api.getHttpServer()).post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id;
    await expectEventually(async () => expect(await statusOf([id])).toEqual(['sent']));
    // As if the worker had died after Twilio took the message but before it wrote that down.
    await dataSource.query(`UPDATE delivery SET status = 'submitting', provider_id = NULL, submitted_at = now() - interval '10 minutes' WHERE id = $1`, [id]);

    await worker.get(ReconcilerService).tick(30_000, 60_000);
    await expectEventually(async () => expect(await statusOf([id])).toEqual(['sent']));
    const row = await dataSource.getRepository(DeliveryEntity).findOneByOrFail({ id });
    expect(row.providerId).toBe(twilio.messages.find((m) => m.to === graduate.phone)?.sid);
    expect(row.resent).toBe(false);
    expect(twilio.countBy(graduate.phone as string)).toBe(1);
  });

  it('after a worker died before Twilio took it, sends it exactly once more', async () => {
    worker ??= await startWorker(config);
    const graduate = await graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(12) });
    const [scheduled] = await api.get(DeliveryScheduler).add(dataSource.manager, [
      {
        organisationId: staff.organisationId,
        graduateId: graduate.id,
        channel: 'sms',
        purpose: 'check_ins',
        kind: 'delivery.test',
        idempotencyKey: `died-${graduate.id}`,
        dueAt: new Date(),
      },
    ]);
    await dataSource.query(
      `UPDATE delivery SET status = 'submitting', attempts = 1, sent_to = $2, submitted_at = now() - interval '10 minutes' WHERE id = $1`,
      [scheduled.id, graduate.phone],
    );
    await worker.get(ReconcilerService).tick(30_000, 60_000);
    await expectEventually(async () => expect(await statusOf([scheduled.id])).toEqual(['sent']));
    const row = await dataSource.getRepository(DeliveryEntity).findOneByOrFail({ id: scheduled.id });
    expect(row).toMatchObject({ resent: true, attempts: 2 });
    expect(twilio.countBy(graduate.phone as string)).toBe(1);
  });
});
