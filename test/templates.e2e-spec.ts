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

  it('previews a draft for any staff member, filled with sample values, without saving it', async () => {
    await http().put(path).set('authorization', admin).send({ body: 'Saved wording for {{firstName}}: {{link}}' }).expect(200);
    const draft = 'Hello {{firstName}} from {{organisationName}}! A quick check-in: {{link}}';
    const res = await http().post(`${path}/preview`).set('authorization', coordinator).send({ body: draft }).expect(200);
    expect(res.body).toEqual({
      kind: 'check_in.prompt',
      channel: 'sms',
      language: 'en',
      subject: null,
      body: draft,
      allowPlainWording: false,
      isDefault: false,
      preview: {
        text: 'Hello Alexandra from Northside Community Health! A quick check-in: https://example.org/l/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
        segments: 1,
        encoding: 'GSM-7',
      },
    });
    // Nothing written: the saved wording stands, for the organisation and for everyone else.
    expect(await find(admin)).toMatchObject({ isDefault: false, body: 'Saved wording for {{firstName}}: {{link}}' });
    await http().post(`${path}/preview`).set('authorization', otherAdmin).send({ body: draft }).expect(200);
    expect(await find(otherAdmin)).toMatchObject({ isDefault: true });
    await http().delete(path).set('authorization', admin).expect(204);
    const email = await http()
      .post('/templates/check_in.prompt/email/es/preview')
      .set('authorization', coordinator)
      .send({ subject: 'Hola {{firstName}}', body: 'Hola {{firstName}}: {{link}}' })
      .expect(200);
    expect(email.body).toMatchObject({ channel: 'email', language: 'es', subject: 'Hola {{firstName}}', preview: { segments: null, encoding: null } });
    expect(email.body.preview.text).toBe('Hola Alexandra: https://example.org/l/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
  });

  it('refuses a draft preview by the same rules as a save', async () => {
    const preview = (body: object) => http().post(`${path}/preview`).set('authorization', coordinator).send(body);
    const unknown = await preview({ body: 'Hi {{firstName}}, your {{diagnosis}} check-in: {{link}}' }).expect(422);
    expect(unknown.body).toMatchObject({ statusCode: 422, message: 'Template refused', requestId: expect.any(String) });
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'body', reason: expect.stringContaining('unknown variable {{diagnosis}}') })]);
    const revealing = await preview({ body: 'Hi {{firstName}}, how is your recovery going? {{link}}' }).expect(422);
    expect(revealing.body.details[0]).toMatchObject({ field: 'body', reason: expect.stringContaining('recovery') });
    const configured = await preview({ body: 'Hi {{firstName}}, Hope House says hello. {{link}}' }).expect(422);
    expect(configured.body.details[0]).toMatchObject({ field: 'body', reason: expect.stringContaining('Hope House') });
    const subject = await preview({ body: 'Hi {{link}}', subject: 'Hello' }).expect(422);
    expect(subject.body.details).toEqual([{ field: 'subject', reason: 'an SMS has no subject' }]);
    const plain = await preview({ body: 'Hi {{firstName}}, how is your recovery going? {{link}}', allowPlainWording: true }).expect(200);
    expect(plain.body).toMatchObject({ allowPlainWording: true, isDefault: false, preview: { text: expect.stringContaining('Hi Alexandra, how is your recovery going?') } });
    const empty = await preview({ body: '' }).expect(400);
    expect(empty.body.details).toEqual([{ field: 'body', reason: 'must not be empty' }]);
    const badKey = await http().post('/templates/nope/fax/fr/preview').set('authorization', coordinator).send({ body: 'x' }).expect(400);
    expect(badKey.body.details.map((d: { field: string }) => d.field)).toEqual(['kind', 'channel', 'language']);
    expect(await find(coordinator)).toMatchObject({ isDefault: true });
  });

  it('names a bad kind, channel or language', async () => {
    const res = await http().put('/templates/nope/fax/fr').set('authorization', admin).send({ body: 'x' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['kind', 'channel', 'language']);
    const subject = await http().put(path).set('authorization', admin).send({ body: 'Hi {{link}}', subject: 'Hello' }).expect(422);
    expect(subject.body.details).toEqual([{ field: 'subject', reason: 'an SMS has no subject' }]);
  });
});
