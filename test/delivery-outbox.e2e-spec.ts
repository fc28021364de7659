import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { DeliveryScheduler } from '@continuum/delivery';
import { DeliveryEntity } from '@continuum/persistence';
import { createStaff, expectEventually, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

describe('delivery engine with the local outbox (no credentials configured)', () => {
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    config = testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', SMS_RATE_PER_SECOND: '50', EMAIL_RATE_PER_SECOND: '50' });
    api = await startApi(config);
    worker = await startWorker(config);
    dataSource = api.get(getDataSourceToken());
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const delivery = async (id: string) => (await http().get(`/deliveries/${id}`).set('authorization', auth).expect(200)).body;
  const noon = () => zoneWhereLocalHourIs(12);

  it('uses the outbox transports by default', () => {
    expect(config.SMS_TRANSPORT).toBe('outbox');
    expect(config.EMAIL_TRANSPORT).toBe('outbox');
  });

  it('sends a test SMS into the outbox, listed by the API, with privacy-safe wording', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const created = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    expect(created.body).toMatchObject({ status: 'pending', channel: 'sms', kind: 'delivery.test' });
    await expectEventually(async () => expect((await delivery(created.body.id)).status).toBe('sent'));
    const outbox = await http().get('/outbox').set('authorization', auth).expect(200);
    const kept = outbox.body.find((m: { deliveryId: string }) => m.deliveryId === created.body.id);
    expect(kept).toMatchObject({ channel: 'sms', to: graduate.phone });
    expect(kept.body).toBe('This is a test message from Test Program. No reply is needed.');
    expect(kept.body).not.toMatch(/recovery|treatment|rehab|addiction|sober/i);
    expect((await delivery(created.body.id))).toMatchObject({ transport: 'outbox', attempts: 1 });
    const events = await dataSource.query(`SELECT kind, ref_id, payload FROM engagement_event WHERE graduate_id = $1`, [graduate.id]);
    expect(events).toEqual([
      { kind: 'message.sent', ref_id: created.body.id, payload: { channel: 'sms', kind: 'delivery.test', purpose: 'check_ins', recipient: 'graduate' } },
    ]);
  });

  it('sends an email with an unsubscribe link and the one-click headers', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), consents: [{ channel: 'email', purpose: 'check_ins' }] });
    const created = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'email' }).expect(201);
    await expectEventually(async () => expect((await delivery(created.body.id)).status).toBe('sent'));
    const outbox = await http().get('/outbox').set('authorization', auth).expect(200);
    const kept = outbox.body.find((m: { deliveryId: string }) => m.deliveryId === created.body.id);
    expect(kept.subject).toEqual(expect.any(String));
    expect(kept.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(kept.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(kept.headers['Message-ID']).toBe(`<${created.body.id}@localhost>`);
  });

  it('cancels, with the reason, a message whose consent is missing', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), consents: [] });
    const created = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    await expectEventually(async () => expect(await delivery(created.body.id)).toMatchObject({ status: 'cancelled', errorCode: 'no_consent' }));
  });

  it('holds a routine message in quiet hours until 08:00 in the recipient’s timezone', async () => {
    const zone = zoneWhereLocalHourIs(2);
    const graduate = await graduateWithConsent(api, auth, { timezone: zone });
    const created = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    await expectEventually(async () => expect(await delivery(created.body.id)).toMatchObject({ status: 'pending', errorCode: 'quiet_hours' }));
    const held = await delivery(created.body.id);
    const localHour = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(held.sendAfter));
    expect(localHour).toBe('08:00');
    expect(new Date(held.sendAfter).getTime() - Date.now()).toBeGreaterThan(5 * 3_600_000);
  });

  it('sends one routine SMS a day to a recipient and defers the next to the following day', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const first = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    await expectEventually(async () => expect((await delivery(first.body.id)).status).toBe('sent'));
    const second = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    await expectEventually(async () => expect(await delivery(second.body.id)).toMatchObject({ status: 'pending', errorCode: 'recipient_cap' }));
  });

  it("holds routine messages past the organisation's daily cap until the next UTC day, counting each send once", async () => {
    const own = await createStaff(dataSource);
    const ownAuth = await bearerFor(api, own);
    const today = new Date().toISOString().slice(0, 10);
    // The organisation has already sent all but one of today's allowance.
    await dataSource.query(`INSERT INTO org_send_count (organisation_id, day, shard, sent) VALUES ($1, $2, 3, $3)`, [own.organisationId, today, config.ORG_DAILY_SEND_CAP - 1]);
    const sentToday = async () =>
      Number((await dataSource.query(`SELECT coalesce(sum(sent), 0) AS n FROM org_send_count WHERE organisation_id = $1 AND day = $2`, [own.organisationId, today]))[0].n);
    const [a, b] = [await graduateWithConsent(api, ownAuth, { timezone: noon() }), await graduateWithConsent(api, ownAuth, { timezone: noon() })];
    const first = await http().post(`/graduates/${a.id}/test-messages`).set('authorization', ownAuth).send({ channel: 'sms' }).expect(201);
    const theirs = async (id: string) => (await http().get(`/deliveries/${id}`).set('authorization', ownAuth).expect(200)).body;
    await expectEventually(async () => expect((await theirs(first.body.id)).status).toBe('sent'));
    expect(await sentToday()).toBe(config.ORG_DAILY_SEND_CAP);
    const second = await http().post(`/graduates/${b.id}/test-messages`).set('authorization', ownAuth).send({ channel: 'sms' }).expect(201);
    const held = () => theirs(second.body.id);
    await expectEventually(async () => expect(await held()).toMatchObject({ status: 'pending', errorCode: 'organisation_cap' }));
    const midnight = new Date(`${today}T00:00:00Z`).getTime() + 86_400_000;
    expect(new Date((await held()).sendAfter).getTime()).toBe(midnight);
    expect(await sentToday()).toBe(config.ORG_DAILY_SEND_CAP);
    // The staff organisation's own count is untouched by this one's.
    const others = await dataSource.query(`SELECT coalesce(sum(sent), 0)::int AS n FROM org_send_count WHERE organisation_id = $1 AND day = $2`, [staff.organisationId, today]);
    expect(others[0].n).toBeLessThan(config.ORG_DAILY_SEND_CAP);
  });

  it('creates a delivery once per idempotency key however often the producer retries', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const scheduler = api.get(DeliveryScheduler);
    const request_ = {
      organisationId: staff.organisationId,
      graduateId: graduate.id,
      channel: 'sms' as const,
      purpose: 'check_ins' as const,
      kind: 'delivery.test',
      idempotencyKey: `retry-${graduate.id}`,
      dueAt: new Date(Date.now() + 3_600_000),
    };
    const results = await Promise.all([scheduler.schedule([request_]), scheduler.schedule([request_]), scheduler.schedule([request_])]);
    expect(new Set(results.map(([r]) => r.id)).size).toBe(1);
    expect(results.filter(([r]) => r.created)).toHaveLength(1);
    expect(await dataSource.getRepository(DeliveryEntity).countBy({ graduateId: graduate.id })).toBe(1);
  });

  it("answers 404 for another organisation's delivery and graduate", async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const created = await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201);
    const other = await bearerFor(api, await createStaff(dataSource));
    await http().get(`/deliveries/${created.body.id}`).set('authorization', other).expect(404);
    await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', other).send({ channel: 'sms' }).expect(404);
    const theirOutbox = await http().get('/outbox').set('authorization', other).expect(200);
    expect(theirOutbox.body).toEqual([]);
  });
});
