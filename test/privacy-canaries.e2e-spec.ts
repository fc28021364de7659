import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { AppConfig } from '@continuum/config';
import { createStaff, expectEventually, FakeSmtp, FakeTwilio, postSignedForm, testConfig } from '@continuum/testing';
import { freePort, startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { zoneWhereLocalHourIs } from './support/people';

/**
 * Seeds canary phone numbers, emails, names and answers, runs them through every path of the
 * engine (scheduling, sending, a provider error, callbacks, an inbound reply, STOP), and then
 * looks for them in everything the API and worker logged, at debug level, and in every Redis key.
 */
describe('privacy: no contact details or answers in logs or Redis', () => {
  const twilio = new FakeTwilio();
  const smtp = new FakeSmtp();
  const logFile = join(mkdtempSync(join(tmpdir(), 'continuum-logs-')), 'app.log');
  const canaries = {
    phone: '+13125550177',
    phoneDigits: '3125550177',
    email: 'canary.bird@example.org',
    contactPhone: '+13125550178',
    answer: 'CanaryAnswerFeelingLow',
    formText: 'CanaryFormWords',
    lastName: 'Canarysson',
  };
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await twilio.start();
    const { host, port: smtpPort } = await smtp.start();
    const port = await freePort();
    config = testConfig({
      LOG_LEVEL: 'debug',
      LOG_FILE: logFile,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...twilio.env(),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://${host}:${smtpPort}`,
      SMS_PER_DAY: '10',
      SMS_PER_WEEK: '10',
      DELIVERY_RETRY_BASE_MS: '50',
    });
    api = await startApi(config);
    await api.listen(port, '127.0.0.1');
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio.stop();
    await smtp.stop();
  });

  it('keeps them out of every log line and every Redis value', async () => {
    const dataSource = api.get(getDataSourceToken());
    const auth = await bearerFor(api, await createStaff(dataSource));
    const http = () => request(api.getHttpServer());
    const graduate = (
      await http()
        .post('/graduates')
        .set('authorization', auth)
        .send({ firstName: 'Ada', lastName: canaries.lastName, timezone: zoneWhereLocalHourIs(12), phone: canaries.phone, email: canaries.email, dischargeDate: new Date().toISOString().slice(0, 10) })
        .expect(201)
    ).body;
    for (const channel of ['sms', 'email']) {
      await http()
        .post(`/graduates/${graduate.id}/consents`)
        .set('authorization', auth)
        .send({ channel, purpose: 'check_ins', method: 'verbal', shownText: 'Texts and emails now and then.' })
        .expect(201);
    }
    const contact = (
      await http().post(`/graduates/${graduate.id}/contacts`).set('authorization', auth).send({ name: 'Bo Canarysson', relationship: 'sibling', phone: canaries.contactPhone, timezone: graduate.timezone }).expect(201)
    ).body;
    // A bad request that quotes the values back must not log them either.
    await http().post('/graduates').set('authorization', auth).send({ firstName: 'X', lastName: canaries.lastName, timezone: 'Nowhere/Land', phone: canaries.phone }).expect(400);

    twilio.failNext(1, { status: 400, code: 21211, message: `The 'To' number ${canaries.phone} is not a valid phone number.` });
    const failing = (await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id;
    const sms = (await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id;
    const email = (await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'email' }).expect(201)).body.id;
    const statusOf = async (id: string) => (await http().get(`/deliveries/${id}`).set('authorization', auth)).body.status;
    await expectEventually(async () => {
      expect(await statusOf(failing)).toBe('failed');
      expect(await statusOf(sms)).toBe('sent');
      expect(await statusOf(email)).toBe('sent');
    });
    const sent = twilio.messages.find((m) => m.to === canaries.phone);
    if (!sent) throw new Error('no SMS reached the fake Twilio');
    await twilio.sendStatusCallback(sent, 'delivered');
    const inbound = (body: string) =>
      postSignedForm(
        `${config.PUBLIC_BASE_URL}/webhooks/twilio/inbound`,
        { MessageSid: `SM${Date.now().toString(16).padEnd(32, 'a')}${body.length}`.slice(0, 34), From: canaries.phone, To: '+15555550100', Body: body },
        twilio.authToken,
      );
    // Check-ins: a form answer that escalates (free text with crisis words), then a text reply.
    const plan = (
      await http()
        .post('/check-in-plans')
        .set('authorization', auth)
        .send({ name: 'Canary plan', offsets: ['PT1S', 'PT2S'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H' })
        .expect(201)
    ).body;
    await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: plan.id, graduateIds: [graduate.id] }).expect(200);
    await expectEventually(async () => expect(twilio.messages.filter((m) => m.to === canaries.phone && m.body.includes('/c/'))).toHaveLength(2), { timeoutMs: 10_000 });
    const [first] = twilio.messages.filter((m) => m.to === canaries.phone && m.body.includes('/c/'));
    const link = new URL(/http\S+\/c\/[A-Za-z0-9_-]{43}/.exec(first.body)?.[0] ?? '');
    await http().post(link.pathname).type('form').send({ mood: '2', craving: '3', used: 'no', text: `${canaries.formText} I want to kill myself` }).expect(200);
    expect((await inbound(canaries.answer)).status).toBe(200);
    const answers = await dataSource.query(`SELECT source, text FROM check_in_answer WHERE graduate_id = $1 ORDER BY answered_at`, [graduate.id]);
    expect(answers).toEqual([
      { source: 'form', text: `${canaries.formText} I want to kill myself` },
      { source: 'sms', text: canaries.answer },
    ]);
    // Meetings: an invitation by text and by email (with its calendar part), a text RSVP; a family session notice to the contact.
    for (const channel of ['sms', 'email']) {
      await http().post(`/graduates/${graduate.id}/consents`).set('authorization', auth).send({ channel, purpose: 'meeting_invites', method: 'verbal', shownText: 'Invitations.' }).expect(201);
    }
    await http()
      .post(`/graduates/${graduate.id}/consents`)
      .set('authorization', auth)
      .send({ contactId: contact.id, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText: 'Dates.', description: 'Dates', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      .expect(201);
    const startsLocal = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
    const series = (
      await http()
        .post('/meeting-series')
        .set('authorization', auth)
        .send({ title: 'Canary meeting', startsLocal, timezone: 'UTC', durationMinutes: 60, location: 'Room 1', audience: { type: 'list', graduateIds: [graduate.id] } })
        .expect(201)
    ).body;
    const [occurrence] = (await http().get(`/meeting-occurrences?from=${new Date().toISOString()}&to=${new Date(Date.now() + 5 * 86_400_000).toISOString()}&seriesId=${series.id}`).set('authorization', auth).expect(200)).body;
    await http().post(`/meeting-occurrences/${occurrence.id}/invitations`).set('authorization', auth).expect(200, { invited: 1 });
    await expectEventually(async () => expect(twilio.messages.filter((m) => m.to === canaries.phone && m.body.includes('/r/'))).toHaveLength(1), { timeoutMs: 10_000 });
    expect((await inbound('Y')).status).toBe(200);
    await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal, timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [contact.id] })
      .expect(201);
    await expectEventually(async () => expect(twilio.messages.filter((m) => m.to === canaries.contactPhone)).toHaveLength(1), { timeoutMs: 10_000 });
    expect((await inbound('STOP')).status).toBe(200);

    const logs = readFileSync(logFile, 'utf8');
    expect(logs.split('\n').filter(Boolean).length).toBeGreaterThan(20);
    for (const canary of Object.values(canaries)) expect(logs).not.toContain(canary);

    const redis = new Redis(config.REDIS_URL);
    try {
      const keys = await redis.keys(`${config.QUEUE_PREFIX}*`);
      expect(keys.length).toBeGreaterThan(0);
      const values: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'string') values.push((await redis.get(key)) ?? '');
        else if (type === 'list') values.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(key, 0, -1)));
        else if (type === 'set') values.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'stream') values.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
      const dump = values.join('\n');
      expect(dump).toContain(sms);
      for (const canary of Object.values(canaries)) expect(dump).not.toContain(canary);
    } finally {
      redis.disconnect();
    }
  });
});
