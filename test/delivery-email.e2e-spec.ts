import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { ConsentService } from '@continuum/people';
import { createStaff, expectEventually, FakeSmtp, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

describe('email through real nodemailer and a real SMTP server', () => {
  const smtp = new FakeSmtp();
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    const { host, port } = await smtp.start();
    config = testConfig({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SMTP_URL: `smtp://${host}:${port}`,
      EMAIL_FROM: 'Northside Health <no-reply@northside.example>',
      PUBLIC_BASE_URL: 'https://continuum.example.org',
      EMAIL_PER_DAY: '50',
      EMAIL_PER_WEEK: '50',
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_UNKNOWN_RECHECK_MS: '300',
    });
    api = await startApi(config);
    worker = await startWorker(config);
    dataSource = api.get(getDataSourceToken());
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp.stop();
  });

  const delivery = async (id: string) => (await http().get(`/deliveries/${id}`).set('authorization', auth).expect(200)).body;
  const sendTest = async (graduateId: string) =>
    (await http().post(`/graduates/${graduateId}/test-messages`).set('authorization', auth).send({ channel: 'email' }).expect(201)).body.id as string;
  const emailGraduate = () =>
    graduateWithConsent(api, auth, {
      timezone: zoneWhereLocalHourIs(12),
      consents: [
        { channel: 'email', purpose: 'check_ins' },
        { channel: 'email', purpose: 'meeting_invites' },
      ],
    });
  const to = (email: string | null) => smtp.messages.filter((m) => m.envelope.to.includes(email ?? ''));

  it('sends text and HTML with our Message-ID and RFC 8058 unsubscribe headers', async () => {
    const graduate = await emailGraduate();
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect(await delivery(id)).toMatchObject({ status: 'sent', transport: 'smtp' }));
    const [mail] = to(graduate.email);
    expect(mail.messageId).toBe(`<${id}@continuum.example.org>`);
    expect(mail.envelope.from).toBe('no-reply@northside.example');
    expect(mail.text).toContain('This is a test message');
    expect(mail.html).toContain('<a href="https://continuum.example.org/unsubscribe/');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/continuum\.example\.org\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('one-click unsubscribe stops that purpose by email only, and the link keeps working', async () => {
    const graduate = await emailGraduate();
    const id = await sendTest(graduate.id);
    await expectEventually(async () => expect((await delivery(id)).status).toBe('sent'));
    const link = new URL(to(graduate.email)[0].headers['list-unsubscribe'].slice(1, -1));
    const page = await http().get(link.pathname).expect(200);
    expect(page.text).toContain('<form method="post">');
    await http().post(link.pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await http().post(link.pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);

    const consent = api.get(ConsentService);
    const base = { organisationId: staff.organisationId, graduateId: graduate.id, recipient: { type: 'graduate' as const }, channel: 'email' as const };
    expect(await consent.isActive({ ...base, purpose: 'check_ins' })).toBe(false);
    expect(await consent.isActive({ ...base, purpose: 'meeting_invites' })).toBe(true);
    const overview = await http().get(`/graduates/${graduate.id}/consents`).set('authorization', auth).expect(200);
    expect(overview.body.history[0]).toMatchObject({ decision: 'revoked', method: 'unsubscribe_link', purpose: 'check_ins' });
    expect(overview.body.history.filter((r: { decision: string }) => r.decision === 'revoked')).toHaveLength(1);
    const optOuts = await dataSource.query(`SELECT payload FROM engagement_event WHERE graduate_id = $1 AND kind = 'message.opted_out'`, [graduate.id]);
    expect(optOuts).toEqual([{ payload: { channel: 'email', purpose: 'check_ins', method: 'unsubscribe_link', recipient: 'graduate' } }]);
  });

  it('answers 404 for a made-up unsubscribe token', async () => {
    await http().post(`/unsubscribe/${'A'.repeat(43)}`).type('form').send('List-Unsubscribe=One-Click').expect(404);
    await http().get('/unsubscribe/not-a-token').expect(404);
  });

  it('retries an SMTP 451 and fails an SMTP 550 at once', async () => {
    const retried = await emailGraduate();
    smtp.rejectNext(1, { code: 451, message: 'try again later' });
    const retriedId = await sendTest(retried.id);
    await expectEventually(async () => expect(await delivery(retriedId)).toMatchObject({ status: 'sent', attempts: 2 }));
    expect(to(retried.email)).toHaveLength(1);

    const refused = await emailGraduate();
    smtp.rejectNext(1, { code: 550, message: 'no such mailbox' });
    const refusedId = await sendTest(refused.id);
    await expectEventually(async () => expect(await delivery(refusedId)).toMatchObject({ status: 'failed', errorCode: '550', attempts: 1 }));
  });
});
