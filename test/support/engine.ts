import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { createStaff, FakeSmtp, FakeTwilio, postSignedForm, type StaffFixture, testConfig } from '@continuum/testing';
import { freePort, startApi, startWorker } from './apps';
import { bearerFor } from './auth';

/** The whole engine for a feature's e2e spec: the API listening, a worker, fake providers on loopback, and an admin signed in. */
export interface Engine {
  twilio: FakeTwilio;
  /** Present when asked for: email then goes by real nodemailer to it. */
  smtp: FakeSmtp | null;
  config: AppConfig;
  api: NestExpressApplication;
  worker: INestApplicationContext;
  dataSource: DataSource;
  staff: StaffFixture;
  auth: string;
  base: string;
  http: () => ReturnType<typeof request>;
  /** A signed inbound text, as Twilio would post it; resolves to the webhook's answer. */
  inbound: (from: string, body: string) => ReturnType<typeof postSignedForm>;
  texts: (phone: string | null) => FakeTwilio['messages'];
  mails: (email: string | null) => FakeSmtp['messages'];
  close: () => Promise<void>;
}

/**
 * Starts the API (on a free port, so links and Twilio signatures use its real address) and the
 * worker against a fake Twilio (and a fake SMTP server when `smtp` is set), with rates and caps
 * high enough that a spec's messages are not held back unless it means them to be.
 */
export async function startEngine(options: { smtp?: boolean; env?: Record<string, string> } = {}): Promise<Engine> {
  const twilio = new FakeTwilio();
  await twilio.start();
  const smtp = options.smtp ? new FakeSmtp() : null;
  const smtpAddress = smtp ? await smtp.start() : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = testConfig({
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...twilio.env(),
    TWILIO_TIMEOUT_MS: '1000',
    ...(smtpAddress ? { EMAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://${smtpAddress.host}:${smtpAddress.port}` } : {}),
    PUBLIC_BASE_URL: base,
    SMS_RATE_PER_SECOND: '50',
    EMAIL_RATE_PER_SECOND: '50',
    SMS_PER_DAY: '50',
    SMS_PER_WEEK: '50',
    ...options.env,
  });
  const api = await startApi(config);
  await api.listen(port, '127.0.0.1');
  const worker = await startWorker(config);
  const dataSource = api.get<DataSource>(getDataSourceToken());
  const staff = await createStaff(dataSource);
  const auth = await bearerFor(api, staff);
  return {
    twilio,
    smtp,
    config,
    api,
    worker,
    dataSource,
    staff,
    auth,
    base,
    http: () => request(api.getHttpServer()),
    inbound: (from, body) =>
      postSignedForm(
        `${base}/webhooks/twilio/inbound`,
        { MessageSid: `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`, From: from, To: '+15555550100', Body: body, AccountSid: twilio.accountSid },
        twilio.authToken,
      ),
    texts: (phone) => twilio.messages.filter((m) => m.to === phone),
    mails: (email) => (smtp ? smtp.messages.filter((m) => m.envelope.to.includes(email ?? '')) : []),
    close: async () => {
      await worker.close();
      await api.close();
      await twilio.stop();
      await smtp?.stop();
    },
  };
}
