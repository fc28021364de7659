import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { FakeTwilio } from './fake-twilio';
import { postSignedForm, signTwilioRequest } from './twilio-webhooks';

type TwilioClient = ReturnType<typeof twilio>;

interface Received {
  url: string;
  params: Record<string, string>;
  signature?: string;
}

describe('FakeTwilio with the real twilio client', () => {
  const fake = new FakeTwilio({ authToken: 'test-auth-token' });
  let baseUrl: string;
  let client: TwilioClient;
  let webhook: Server;
  let webhookOrigin: string;
  let webhookUrl: string;
  const received: Received[] = [];

  const clientFor = (authToken: string, timeout = 2_000): TwilioClient => {
    const created = twilio(fake.accountSid, authToken, { autoRetry: false, timeout, edge: '', region: '' });
    created.api.baseUrl = baseUrl;
    return created;
  };
  const send = (to: string, body = 'Your aftercare check-in is tomorrow') =>
    client.messages.create({ to, from: '+15005550006', body });
  const rejection = async (promise: Promise<unknown>) => {
    const error: unknown = await promise.then(
      () => new Error('expected the call to fail'),
      (caught: unknown) => caught,
    );
    return error as { status?: number; code?: number | string; message: string };
  };

  beforeAll(async () => {
    ({ baseUrl } = await fake.start());
    client = clientFor(fake.authToken);
    // A webhook receiver that checks signatures with the twilio package, as our API will.
    webhook = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(raw));
        const url = `${webhookOrigin}${req.url ?? ''}`;
        const signature = req.headers['x-twilio-signature'] as string | undefined;
        received.push({ url, params, signature });
        const valid = signature !== undefined && twilio.validateRequest(fake.authToken, signature, url, params);
        res.writeHead(valid ? 204 : 403).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookOrigin = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
    webhookUrl = `${webhookOrigin}/webhooks/twilio/status?tenant=t1`;
  });

  afterEach(() => {
    fake.reset();
    fake.delayMs = 0;
    received.length = 0;
  });

  afterAll(async () => {
    await fake.stop();
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });

  it('creates a message and records every parameter', async () => {
    const message = await client.messages.create({
      to: '+447700900123',
      from: '+15005550006',
      body: 'Hello from Continuum',
      statusCallback: 'https://api.example.test/webhooks/twilio/status',
      validityPeriod: 3600,
    });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({ status: 'queued', to: '+447700900123', from: '+15005550006', body: 'Hello from Continuum' });
    expect(message.numSegments).toBe('1');
    expect(message.errorCode).toBeNull();
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(Math.abs(message.dateCreated.getTime() - Date.now())).toBeLessThan(5_000);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      sid: message.sid,
      statusCallback: 'https://api.example.test/webhooks/twilio/status',
      validityPeriod: 3600,
      params: { To: '+447700900123', From: '+15005550006', Body: 'Hello from Continuum', ValidityPeriod: '3600' },
    });
  });

  it('answers "accepted" with the service sid when a Messaging Service picks the sender', async () => {
    const message = await client.messages.create({ to: '+15551230001', messagingServiceSid: 'MG' + '0'.repeat(32), body: 'x' });
    expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: 'MG' + '0'.repeat(32) });
  });

  it('counts segments like Twilio (GSM-7 vs UCS-2)', async () => {
    expect((await send('+15551230002', 'a'.repeat(161))).numSegments).toBe('2');
    expect((await send('+15551230002', 'ü'.repeat(160))).numSegments).toBe('1');
    expect((await send('+15551230002', '☀'.repeat(71))).numSegments).toBe('2');
  });

  it('lists by To and DateSent, and fetches by sid', async () => {
    const before = new Date(Date.now() - 2_000);
    const first = await send('+15551230003');
    await send('+15551230004');
    const second = await send('+15551230003');

    const byTo = await client.messages.list({ to: '+15551230003', dateSentAfter: before });
    expect(byTo.map((m) => m.sid)).toEqual([second.sid, first.sid]);
    expect(await client.messages.list({ to: '+15551230003', dateSentAfter: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await client.messages.list({ to: '+15551230003', dateSentBefore: before })).toEqual([]);
    expect(fake.countBy('+15551230003')).toBe(2);
    expect(fake.requests.find((r) => r.method === 'GET')?.query).toMatchObject({ To: '+15551230003', 'DateSent>': expect.any(String) });

    const fetched = await client.messages(first.sid).fetch();
    expect(fetched).toMatchObject({ sid: first.sid, to: '+15551230003', status: 'queued' });
    await expect(client.messages('SM' + 'f'.repeat(32)).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('follows next_page_uri across pages', async () => {
    for (let i = 0; i < 5; i++) await send('+15551230005', `message ${i}`);
    const all = await client.messages.list({ to: '+15551230005', pageSize: 2 });
    expect(all.map((m) => m.body)).toEqual(['message 4', 'message 3', 'message 2', 'message 1', 'message 0']);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('fails programmed calls with Twilio error bodies, then recovers', async () => {
    fake.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 1 });
    fake.failNext(1, { status: 500 });
    fake.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });

    expect(await rejection(send('+15551230006'))).toMatchObject({ status: 429, code: 20429, message: 'Too Many Requests' });
    expect(await rejection(send('+15551230006'))).toMatchObject({ status: 500, code: 20500 });
    expect(await rejection(send('+15551230006'))).toMatchObject({
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    await expect(send('+15551230006')).resolves.toMatchObject({ status: 'queued' });
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.map((r) => r.outcome)).toEqual([429, 500, 400, 201]);
  });

  it('rejects bad credentials with 401 / 20003 and bad numbers with 21211', async () => {
    const wrong = clientFor('not-the-token');
    expect(await rejection(wrong.messages.create({ to: '+15551230007', from: '+15005550006', body: 'x' }))).toMatchObject({
      status: 401,
      code: 20003,
    });
    expect(await rejection(send('07700 900123'))).toMatchObject({ status: 400, code: 21211 });
    expect(fake.messages).toHaveLength(0);
  });

  it('records a message it accepted but never answered, while the client times out', async () => {
    fake.acceptThenTimeout(1);
    const impatient = clientFor(fake.authToken, 300);
    const error = await rejection(impatient.messages.create({ to: '+15551230008', from: '+15005550006', body: 'hi' }));
    expect(error.code).toBe('ECONNABORTED');
    expect(fake.countBy('+15551230008')).toBe(1);
    expect(fake.requests[0].outcome).toBe('hang');

    fake.acceptThenTimeout(1, 'reset');
    expect((await rejection(send('+15551230008'))).code).toBe('ECONNRESET');
    expect(fake.countBy('+15551230008')).toBe(2);
  });

  it('adds latency with delayMs', async () => {
    fake.delayMs = 150;
    const started = Date.now();
    await send('+15551230009');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('injects the same random faults for the same seed', async () => {
    const run = async (): Promise<string[]> => {
      fake.reset();
      fake.setRandomFaults({ error500: 0.3, error429: 0.2 }, 42);
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        outcomes.push(await send('+15551230010').then(
          () => 'ok',
          (error: { status?: number }) => String(error.status),
        ));
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('500');
    expect(first).toContain('429');
    expect(fake.messages).toHaveLength(first.filter((o) => o === 'ok').length);
  });

  it('signs requests the way twilio.validateRequest checks them', () => {
    const params = { MessageSid: 'SM' + 'a'.repeat(32), MessageStatus: 'delivered' };
    const signature = signTwilioRequest(fake.authToken, webhookUrl, params);
    expect(twilio.validateRequest(fake.authToken, signature, webhookUrl, params)).toBe(true);
    expect(twilio.validateRequest(fake.authToken, signature, webhookUrl, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(twilio.validateRequest('another-token', signature, webhookUrl, params)).toBe(false);
  });

  it('posts signed status callbacks and updates the message', async () => {
    const created = await client.messages.create({ to: '+15551230011', from: '+15005550006', body: 'hi', statusCallback: webhookUrl });
    const result = await fake.sendStatusCallback(created.sid, 'undelivered', { errorCode: 30003 });

    expect(result.status).toBe(204);
    expect(received[0].params).toMatchObject({
      MessageSid: created.sid,
      MessageStatus: 'undelivered',
      AccountSid: fake.accountSid,
      To: '+15551230011',
      From: '+15005550006',
      ErrorCode: '30003',
    });
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it('sends tampered or unsigned webhooks that fail validation', async () => {
    const params = { MessageSid: 'SM' + 'b'.repeat(32), MessageStatus: 'delivered' };
    expect((await postSignedForm(webhookUrl, params, fake.authToken)).status).toBe(204);
    expect((await postSignedForm(webhookUrl, params, fake.authToken, { tamper: true })).status).toBe(403);
    const unsigned = await postSignedForm(webhookUrl, params, fake.authToken, { omitSignature: true });
    expect(unsigned.status).toBe(403);
    expect(received[2].signature).toBeUndefined();
  });
});
