import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DeliveryScheduler } from '@continuum/delivery';
import { DeliveryEntity } from '@continuum/persistence';
import { createStaff, expectEventually, FakeTwilio, testConfig } from '@continuum/testing';
import { startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

/** The backlog waits in our queue: Twilio never sees more than SMS_RATE_PER_SECOND messages in a second. */
describe('provider rate limit', () => {
  const twilio = new FakeTwilio();
  let api: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await twilio.start();
    const config = testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...twilio.env(), PUBLIC_BASE_URL: 'http://127.0.0.1:9', SMS_RATE_PER_SECOND: '2' });
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio.stop();
  });

  it('sends a burst of eight at two a second', async () => {
    const dataSource = api.get(getDataSourceToken());
    const staff = await createStaff(dataSource);
    const auth = await bearerFor(api, staff);
    const graduates = await Promise.all(Array.from({ length: 8 }, () => graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(12) })));
    const scheduled = await api.get(DeliveryScheduler).schedule(
      graduates.map((g) => ({
        organisationId: staff.organisationId,
        graduateId: g.id,
        channel: 'sms' as const,
        purpose: 'check_ins' as const,
        kind: 'delivery.test',
        idempotencyKey: `burst-${g.id}`,
        dueAt: new Date(),
      })),
    );
    await expectEventually(
      async () => expect(await dataSource.getRepository(DeliveryEntity).countBy(scheduled.map((s) => ({ id: s.id, status: 'sent' as const })))).toBe(8),
      { timeoutMs: 15_000 },
    );
    const times = twilio.requests.filter((r) => r.method === 'POST').map((r) => r.at.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(8);
    // BullMQ's limiter allows two jobs per one-second window, so eight sends need four windows:
    // about three seconds from the first to the last, less the jitter of processing (unlimited, they take a few milliseconds).
    expect(times[7] - times[0]).toBeGreaterThanOrEqual(2_500);
  });
});
