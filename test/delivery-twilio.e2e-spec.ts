import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { ConsentService } from '@continuum/people';
import { DeliveryEntity } from '@continuum/persistence';
import { createStaff, expectEventually, FakeTwilio, mulberry32, postSignedForm, signTwilioRequest, type StaffFixture, testConfig } from '@continuum/testing';
import { freePort, startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

describe('delivery engine through the real twilio client and a fake Twilio', () => {
  const twilio = new FakeTwilio();
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  let base: string;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    await twilio.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    config = testConfig({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...twilio.env(),
      TWILIO_TIMEOUT_MS: '1000',
      PUBLIC_BASE_URL: base,
      SMS_RATE_PER_SECOND: '50',
      SMS_PER_DAY: '50',
      SMS_PER_WEEK: '50',
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_UNKNOWN_RECHECK_MS: '300',
    });
    api = await startApi(config);
    await api.listen(port, '127.0.0.1');
    worker = await startWorker(config);
    dataSource = api.get(getDataSourceToken());
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio.stop();
  });

  const delivery = async (id: string) => (await http().get(`/deliveries/${id}`).set('authorization', auth).expect(200)).body;
  const sendTest = async (graduateId: string) =>
    (await http().post(`/graduates/${graduateId}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id as string;
  const noon = () => zoneWhereLocalHourIs(12);
  const to = (phone: string | null) => twilio.messages.filter((m) => m.to === phone);

  it('hands the message to Twilio with a status callback and a validity period', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'sent', transport: 'twilio' }));
    const [message] = to(graduate.phone);
    expect(message).toMatchObject({ from: '+15555550100', validityPeriod: 3600, statusCallback: `${base}/webhooks/twilio/status?d=${id}` });
    expect((await delivery(id)).providerId).toBe(message.sid);
  });

  it('retries a 429 later and sends once', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    twilio.failNext(2, { status: 429, code: 20429 });
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 3 }));
    expect(to(graduate.phone)).toHaveLength(1);
  });

  it('fails at once, with the code, when Twilio says the recipient unsubscribed (21610)', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    twilio.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'failed', errorCode: '21610', attempts: 1 }));
    expect(to(graduate.phone)).toHaveLength(0);
  });

  it('after a timeout, finds the message at Twilio and never sends it again', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    twilio.acceptThenTimeout(1);
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1 }), { timeoutMs: 10_000 });
    expect(to(graduate.phone)).toHaveLength(1);
    expect((await delivery(id)).providerId).toBe(to(graduate.phone)[0].sid);
  });

  it('after a 500 with nothing at Twilio, sends again exactly once', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    twilio.failNext(1, { status: 500 });
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 2 }), { timeoutMs: 10_000 });
    expect(to(graduate.phone)).toHaveLength(1);
  });

  it('status callbacks sent three times each in shuffled order leave every delivery in its right final state', async () => {
    const finals = ['delivered', 'undelivered', 'failed', 'delivered'] as const;
    const ids: string[] = [];
    const graduates = [];
    for (let i = 0; i < finals.length; i += 1) {
      const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
      graduates.push(graduate);
      ids.push(await sendTest(graduate.id));
    }
    await expectEventually(async () => {
      for (const id of ids) expect((await delivery(id)).status).toBe('sent');
    });
    const callbacks = graduates.flatMap((g, i) => {
      const [message] = to(g.phone);
      const path = ['queued', 'sent', finals[i]] as const;
      return path.flatMap((status) => [1, 2, 3].map(() => ({ message, status, errorCode: finals[i] === 'delivered' ? undefined : 30003 })));
    });
    // A fixed shuffle, so a failure can be replayed.
    const random = mulberry32(7);
    for (let i = callbacks.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [callbacks[i], callbacks[j]] = [callbacks[j], callbacks[i]];
    }
    for (const { message, status, errorCode } of callbacks) {
      const res = await twilio.sendStatusCallback(message, status, status === 'queued' || status === 'sent' ? {} : { errorCode });
      expect(res.status).toBe(204);
    }
    const expected = { delivered: 'delivered', undelivered: 'failed', failed: 'failed' } as const;
    for (let i = 0; i < ids.length; i += 1) {
      expect(await delivery(ids[i])).toMatchObject({ status: expected[finals[i]], providerStatus: finals[i] });
    }
    expect((await delivery(ids[1])).errorCode).toBe('30003');
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM provider_event WHERE provider_id = ANY($1)`, [
      graduates.map((g) => to(g.phone)[0].sid),
    ]);
    expect(count).toBe(finals.length * 3);
    // Each delivery's touchpoints are recorded once per transition, however often Twilio repeated itself.
    const events: { ref_id: string; kind: string; error_code: string | null }[] = await dataSource.query(
      `SELECT ref_id, kind, payload->>'errorCode' AS error_code FROM engagement_event WHERE ref_id = ANY($1) ORDER BY id`,
      [ids],
    );
    const kindsOf = (id: string) => events.filter((e) => e.ref_id === id).map((e) => e.kind);
    expect(kindsOf(ids[0])).toEqual(['message.sent', 'message.delivered']);
    expect(kindsOf(ids[1])).toEqual(['message.sent', 'message.failed']);
    expect(kindsOf(ids[2])).toEqual(['message.sent', 'message.failed']);
    expect(kindsOf(ids[3])).toEqual(['message.sent', 'message.delivered']);
    expect(events.find((e) => e.ref_id === ids[1] && e.kind === 'message.failed')?.error_code).toBe('30003');
  });

  it('refuses forged, unsigned and tampered webhooks with 403 and changes nothing', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect((await delivery(id)).status).toBe('sent'));
    const [message] = to(graduate.phone);
    const url = `${base}/webhooks/twilio/status?d=${id}`;
    const params = { MessageSid: message.sid, MessageStatus: 'failed', ErrorCode: '30003', AccountSid: twilio.accountSid };
    expect((await postSignedForm(url, params, twilio.authToken, { omitSignature: true })).status).toBe(403);
    expect((await postSignedForm(url, params, twilio.authToken, { tamper: true })).status).toBe(403);
    expect((await postSignedForm(url, params, 'not-the-auth-token')).status).toBe(403);
    // And a thousand more, forged every way: no signature, a wrong one, one for other params.
    const statusPath = `/webhooks/twilio/status?d=${id}`;
    const inboundPath = '/webhooks/twilio/inbound';
    const inboundParams = { MessageSid: message.sid, From: graduate.phone as string, To: '+15555550100', Body: 'STOP' };
    const codes = new Set<number>();
    for (let i = 0; i < 1_000; i += 1) {
      const [path, body] = i % 2 ? [statusPath, params] : [inboundPath, inboundParams];
      const signature =
        i % 5 === 0 ? undefined
        : i % 5 === 1 ? 'bm90IGEgc2lnbmF0dXJl'
        : i % 5 === 2 ? signTwilioRequest('wrong-token', `${base}${path}`, body)
        : i % 5 === 3 ? signTwilioRequest(twilio.authToken, `${base}${path}`, { ...body, Extra: String(i) })
        : signTwilioRequest(twilio.authToken, `${base}/webhooks/twilio/other`, body);
      const call = http().post(path).type('form');
      const res = await (signature ? call.set('X-Twilio-Signature', signature) : call).send(body);
      codes.add(res.status);
    }
    expect([...codes]).toEqual([403]);
    const inboundRows = await dataSource.query('SELECT 1 FROM inbound_message WHERE provider_id = $1', [message.sid]);
    expect(inboundRows).toEqual([]);
    const consent = api.get(ConsentService);
    await expect(
      consent.isActive({ organisationId: staff.organisationId, graduateId: graduate.id, recipient: { type: 'graduate' }, channel: 'sms', purpose: 'check_ins' }),
    ).resolves.toBe(true);
    // Signed for the URL the request claims through its Host header: refused, we check against PUBLIC_BASE_URL.
    const path = `/webhooks/twilio/status?d=${id}`;
    const forgedForHost = signTwilioRequest(twilio.authToken, `http://evil.example${path}`, params);
    await http().post(path).set('Host', 'evil.example').set('X-Twilio-Signature', forgedForHost).type('form').send(params).expect(403);
    expect((await delivery(id)).status).toBe('sent');
    expect(await dataSource.query('SELECT 1 FROM provider_event WHERE provider_id = $1', [message.sid])).toEqual([]);
    // Only the genuine article moves it.
    expect((await postSignedForm(url, params, twilio.authToken)).status).toBe(204);
    expect(await delivery(id)).toMatchObject({ status: 'failed', errorCode: '30003' });
  });

  describe('inbound texts', () => {
    const inbound = (from: string, body: string) =>
      postSignedForm(`${base}/webhooks/twilio/inbound`, { MessageSid: `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`, From: from, To: '+15555550100', Body: body, AccountSid: twilio.accountSid }, twilio.authToken);

    it('STOP revokes SMS consent and cancels pending texts; START restores it', async () => {
      const graduate = await graduateWithConsent(api, auth, { timezone: zoneWhereLocalHourIs(2) });
      const consent = api.get(ConsentService);
      const query = { organisationId: staff.organisationId, graduateId: graduate.id, recipient: { type: 'graduate' as const }, channel: 'sms' as const, purpose: 'check_ins' as const };
      const held = await sendTest(graduate.id);
      await expectEventually(async () => expect(await delivery(held)).toMatchObject({ status: 'pending', errorCode: 'quiet_hours' }));

      const stop = await inbound(graduate.phone as string, 'Stop');
      expect(stop.status).toBe(200);
      expect(stop.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await consent.isActive(query)).toBe(false);
      expect(await delivery(held)).toMatchObject({ status: 'cancelled', errorCode: 'opted_out' });
      // A second STOP changes nothing and records no second opt-out.
      await inbound(graduate.phone as string, 'STOP');
      const optOuts = await dataSource.query(`SELECT payload FROM engagement_event WHERE graduate_id = $1 AND kind = 'message.opted_out'`, [graduate.id]);
      expect(optOuts).toEqual([{ payload: { channel: 'sms', purpose: null, method: 'sms_keyword', recipient: 'graduate' } }]);

      await inbound(graduate.phone as string, 'START');
      expect(await consent.isActive(query)).toBe(true);
    });

    it('answers HELP with the organisation and 988', async () => {
      const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
      await dataSource.query(`UPDATE organisation SET help_phone = '+1 555 555 0199' WHERE id = $1`, [staff.organisationId]);
      const res = await inbound(graduate.phone as string, 'help');
      expect(res.body).toContain('For help, call +1 555 555 0199.');
      expect(res.body).toContain('call or text 988');
    });

    it('gives a reply no feature was waiting for to the graduate’s conversation, and sends nothing back', async () => {
      const graduate = await graduateWithConsent(api, auth, { timezone: noon() });
      await inbound(graduate.phone as string, 'doing ok this week');
      const [row] = await dataSource.query(`SELECT handled_as FROM inbound_message WHERE from_address = $1 ORDER BY received_at DESC LIMIT 1`, [graduate.phone]);
      expect(row.handled_as).toBe('conversation');
      expect(await dataSource.query(`SELECT direction, body FROM conversation_message WHERE graduate_id = $1`, [graduate.id])).toEqual([{ direction: 'in', body: 'doing ok this week' }]);
      expect(await dataSource.getRepository(DeliveryEntity).countBy({ graduateId: graduate.id })).toBe(0);
    });
  });
});
