import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { StaffRole } from '@continuum/persistence';
import { createStaff, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

describe('message templates', () => {
  let app: NestExpressApplication;
  let admin: string;
  let coordinator: string;
  let otherAdmin: string;
  const http = () => request(app.getHttpServer());
  const path = '/templates/check_in.prompt/sms/en';

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', TEMPLATE_EXTRA_SENSITIVE_WORDS: 'clinic, Hope House' }));
    const dataSource = app.get(getDataSourceToken());
    const owner = await createStaff(dataSource);
    admin = await bearerFor(app, owner);
    coordinator = await bearerFor(app, await createStaff(dataSource, { organisationId: owner.organisationId, role: StaffRole.Coordinator }));
    otherAdmin = await bearerFor(app, await createStaff(dataSource));
  });

  afterAll(async () => {
    await app?.close();
  });

  const find = async (auth: string) =>
    (await http().get('/templates').set('authorization', auth).expect(200)).body.find(
      (t: { kind: string; channel: string; language: string }) => t.kind === 'check_in.prompt' && t.channel === 'sms' && t.language === 'en',
    );

  it('lists every kind, channel and language with the default wording and a preview', async () => {
    const list = (await http().get('/templates').set('authorization', coordinator).expect(200)).body;
    expect(list.length).toBe(20 * 2 * 2);
    const prompt = await find(coordinator);
    expect(prompt).toMatchObject({ isDefault: true, preview: { encoding: 'GSM-7', segments: expect.any(Number) } });
    expect(prompt.preview.text).toContain('Alexandra');
  });

  it('refuses, when saved, an unknown variable and words a lock screen would give away', async () => {
    const unknown = await http().put(path).set('authorization', admin).send({ body: 'Hi {{firstName}}, your {{diagnosis}} check-in: {{link}}' }).expect(422);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'body', reason: expect.stringContaining('unknown variable {{diagnosis}}') })]);
    const revealing = await http().put(path).set('authorization', admin).send({ body: 'Hi {{firstName}}, how is your recovery going? {{link}}' }).expect(422);
    expect(revealing.body.details[0]).toMatchObject({ field: 'body', reason: expect.stringContaining('recovery') });
    const configured = await http().put(path).set('authorization', admin).send({ body: 'Hi {{firstName}}, the clinic says hello. {{link}}' }).expect(422);
    expect(configured.body.details[0]).toMatchObject({ field: 'body', reason: expect.stringContaining('clinic') });
    const plain = await http().put(path).set('authorization', admin).send({ body: 'Hi {{firstName}}, how is your recovery going? {{link}}', allowPlainWording: true }).expect(200);
    expect(plain.body).toMatchObject({ isDefault: false, allowPlainWording: true });
  });

  it('saves for the organisation only; coordinators may read but not change; reset restores the default', async () => {
    await http().put(path).set('authorization', admin).send({ body: 'Hello {{firstName}}! A quick check-in: {{link}}' }).expect(200);
    expect(await find(admin)).toMatchObject({ isDefault: false, body: 'Hello {{firstName}}! A quick check-in: {{link}}' });
    expect(await find(otherAdmin)).toMatchObject({ isDefault: true });
    await http().put(path).set('authorization', coordinator).send({ body: 'x {{link}}' }).expect(403);
    await http().delete(path).set('authorization', admin).expect(204);
    expect(await find(admin)).toMatchObject({ isDefault: true });
  });

  it('names a bad kind, channel or language', async () => {
    const res = await http().put('/templates/nope/fax/fr').set('authorization', admin).send({ body: 'x' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['kind', 'channel', 'language']);
    const subject = await http().put(path).set('authorization', admin).send({ body: 'Hi {{link}}', subject: 'Hello' }).expect(422);
    expect(subject.body.details).toEqual([{ field: 'subject', reason: 'an SMS has no subject' }]);
  });
});
