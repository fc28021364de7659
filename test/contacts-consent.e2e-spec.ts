import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ConsentService } from '@continuum/people';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const graduate = {
  firstName: 'Sam',
  lastName: 'Okafor',
  timezone: 'America/Denver',
  phone: '+1 303 555 0142',
  email: 'sam@example.org',
  language: 'es',
};
const mother = { name: 'Grace Okafor', relationship: 'parent', phone: '303-555-0143' };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const shownText = 'You agree that Grace may receive reminders of family sessions by text message until the date shown.';

describe('contacts and consent', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let consent: ConsentService;
  let admin: StaffFixture;
  let auth: string;
  let otherAuth: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = app.get(getDataSourceToken());
    consent = app.get(ConsentService);
    admin = await createStaff(dataSource);
    auth = await bearerFor(app, admin);
    otherAuth = await bearerFor(app, await createStaff(dataSource));
  });

  afterAll(async () => {
    await app?.close();
  });

  async function newGraduate(): Promise<string> {
    return (await http().post('/graduates').set('authorization', auth).send(graduate).expect(201)).body.id;
  }
  async function newContact(graduateId: string, body: object = mother): Promise<string> {
    return (await http().post(`/graduates/${graduateId}/contacts`).set('authorization', auth).send(body).expect(201)).body.id;
  }
  const active = (graduateId: string, contactId: string | null, channel: 'sms' | 'email', purpose: 'check_ins' | 'family_session_notices') =>
    consent.isActive({
      organisationId: admin.organisationId,
      graduateId,
      recipient: contactId ? { type: 'contact', contactId } : { type: 'graduate' },
      channel,
      purpose,
    });

  describe('contacts', () => {
    it("adds a contact with the graduate's language and timezone by default and a normalised phone", async () => {
      const graduateId = await newGraduate();
      const res = await http().post(`/graduates/${graduateId}/contacts`).set('authorization', auth).send(mother).expect(201);
      expect(res.body).toMatchObject({ graduateId, phone: '+13035550143', language: 'es', timezone: 'America/Denver', relationship: 'parent' });
      const list = await http().get(`/graduates/${graduateId}/contacts`).set('authorization', auth).expect(200);
      expect(list.body.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    });

    it.each([
      [{ relationship: 'boss' }, 'relationship', expect.stringMatching(/^must be one of parent, partner/)],
      [{ phone: '12' }, 'phone', expect.any(String)],
      [{ email: 'grace@' }, 'email', 'must be an email address'],
      [{ timezone: 'Mars/Olympus' }, 'timezone', 'must be an IANA timezone such as America/Chicago'],
      [{ name: 'x'.repeat(201) }, 'name', 'must be shorter than or equal to 200 characters'],
      [{ ssn: '123' }, 'ssn', 'is not an accepted field'],
    ])('refuses %j with 400 naming %s', async (override, field, reason) => {
      const graduateId = await newGraduate();
      const res = await http().post(`/graduates/${graduateId}/contacts`).set('authorization', auth).send({ ...mother, ...override }).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([{ field, reason }]));
    });

    it('needs a way to reach the contact', async () => {
      const graduateId = await newGraduate();
      const res = await http().post(`/graduates/${graduateId}/contacts`).set('authorization', auth).send({ name: 'Ed', relationship: 'sponsor' }).expect(422);
      expect(res.body.details).toEqual([{ field: 'phone', reason: 'a contact needs a phone number or an email address' }]);
    });

    it('updates a contact and records field names in the audit log', async () => {
      const graduateId = await newGraduate();
      const id = await newContact(graduateId);
      const res = await http().patch(`/contacts/${id}`).set('authorization', auth).send({ email: 'Grace@Example.org', phone: null }).expect(200);
      expect(res.body).toMatchObject({ email: 'grace@example.org', phone: null });
      await http().patch(`/contacts/${id}`).set('authorization', auth).send({ email: null }).expect(422);
      const events = await http().get(`/audit-events?subjectId=${id}`).set('authorization', auth).expect(200);
      expect(events.body[0]).toMatchObject({ action: 'contact.update', detail: { fields: ['phone', 'email'] } });
      expect(JSON.stringify(events.body)).not.toContain('grace@example.org');
    });
  });

  describe('consent', () => {
    it('allows nothing without a consent record', async () => {
      const graduateId = await newGraduate();
      expect(await active(graduateId, null, 'sms', 'check_ins')).toBe(false);
    });

    it('grants for one channel and purpose only, and the latest record wins', async () => {
      const graduateId = await newGraduate();
      await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ channel: 'sms', purpose: 'check_ins', method: 'verbal', shownText: 'We will text you a weekly check-in. Reply STOP to end.' })
        .expect(201);
      expect(await active(graduateId, null, 'sms', 'check_ins')).toBe(true);
      expect(await active(graduateId, null, 'email', 'check_ins')).toBe(false);
      expect(await active(graduateId, null, 'sms', 'family_session_notices')).toBe(false);

      const revoked = await http()
        .post(`/graduates/${graduateId}/consents/revocations`)
        .set('authorization', auth)
        .send({ channel: 'sms', method: 'verbal' })
        .expect(200);
      expect(revoked.body).toEqual({ revoked: 1 });
      expect(await active(graduateId, null, 'sms', 'check_ins')).toBe(false);

      const overview = await http().get(`/graduates/${graduateId}/consents`).set('authorization', auth).expect(200);
      expect(overview.body.history.map((r: { decision: string }) => r.decision)).toEqual(['revoked', 'granted']);
      expect(overview.body.current).toEqual([expect.objectContaining({ channel: 'sms', purpose: 'check_ins', decision: 'revoked', active: false })]);
    });

    it('records what §2.31 asks of a consent to share with a family member', async () => {
      const graduateId = await newGraduate();
      const contactId = await newContact(graduateId);
      const base = { contactId, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText };
      const missing = await http().post(`/graduates/${graduateId}/consents`).set('authorization', auth).send(base).expect(422);
      expect(missing.body.details).toEqual([
        { field: 'description', reason: 'must say what may be shared with this contact' },
        { field: 'expiresAt', reason: 'is required for a consent to share with a contact' },
      ]);
      const tooLong = await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ ...base, description: 'Dates and times of family sessions', expiresAt: inDays(400) })
        .expect(422);
      expect(tooLong.body.details).toEqual([{ field: 'expiresAt', reason: 'must be within 366 days' }]);

      const granted = await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ ...base, description: 'Dates and times of family sessions', expiresAt: inDays(90) })
        .expect(201);
      expect(granted.body).toMatchObject({ contactId, decision: 'granted', method: 'form', recordedBy: admin.userId, shownText });
      expect(await active(graduateId, contactId, 'sms', 'family_session_notices')).toBe(true);
      expect(await active(graduateId, null, 'sms', 'family_session_notices')).toBe(false);
    });

    it('is inactive the moment it expires', async () => {
      const graduateId = await newGraduate();
      const expiresAt = inDays(30);
      await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ channel: 'email', purpose: 'check_ins', method: 'written', shownText: 'Weekly check-in emails.', expiresAt })
        .expect(201);
      const query = { organisationId: admin.organisationId, graduateId, recipient: { type: 'graduate' as const }, channel: 'email' as const, purpose: 'check_ins' as const };
      expect(await consent.isActive(query, new Date(Date.parse(expiresAt) - 1))).toBe(true);
      expect(await consent.isActive(query, new Date(expiresAt))).toBe(false);
    });

    it('refuses a grant for a channel the recipient cannot be reached on, and methods staff cannot use', async () => {
      const graduateId = await newGraduate();
      const contactId = await newContact(graduateId);
      const noEmail = await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ contactId, channel: 'email', purpose: 'family_session_notices', method: 'form', shownText, description: 'Session dates', expiresAt: inDays(30) })
        .expect(422);
      expect(noEmail.body.details).toEqual([{ field: 'channel', reason: 'email needs an email address on file for the recipient' }]);
      const keyword = await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ channel: 'sms', purpose: 'check_ins', method: 'sms_keyword', shownText })
        .expect(400);
      expect(keyword.body.details).toEqual([{ field: 'method', reason: 'must be one of form, verbal, written' }]);
    });

    it("refuses another graduate's contact", async () => {
      const graduateId = await newGraduate();
      const otherGraduate = await newGraduate();
      const contactId = await newContact(otherGraduate);
      const res = await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ contactId, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText, description: 'Dates', expiresAt: inDays(30) })
        .expect(422);
      expect(res.body.details).toEqual([{ field: 'contactId', reason: "is not one of this graduate's contacts" }]);
    });

    it('revokes every consent to a contact when the contact is removed, and keeps the history', async () => {
      const graduateId = await newGraduate();
      const contactId = await newContact(graduateId);
      await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', auth)
        .send({ contactId, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText, description: 'Dates', expiresAt: inDays(30) })
        .expect(201);
      await http().delete(`/contacts/${contactId}`).set('authorization', auth).expect(204);
      expect(await active(graduateId, contactId, 'sms', 'family_session_notices')).toBe(false);
      await http().get(`/contacts/${contactId}`).set('authorization', auth).expect(404);
      expect((await http().get(`/graduates/${graduateId}/contacts`).set('authorization', auth)).body).toEqual([]);
      const overview = await http().get(`/graduates/${graduateId}/consents`).set('authorization', auth).expect(200);
      expect(overview.body.history.map((r: { decision: string; method: string }) => [r.decision, r.method])).toEqual([
        ['revoked', 'staff_action'],
        ['granted', 'form'],
      ]);
    });

    it('cannot be rewritten or deleted, even by the database owner', async () => {
      await expect(dataSource.query('DELETE FROM consent_record')).rejects.toThrow('consent_record is append-only');
      await expect(dataSource.query(`UPDATE consent_record SET decision = 'granted'`)).rejects.toThrow('consent_record is append-only');
    });

    it("answers 404 for another organisation's graduate and contact", async () => {
      const graduateId = await newGraduate();
      const contactId = await newContact(graduateId);
      await http().get(`/graduates/${graduateId}/consents`).set('authorization', otherAuth).expect(404);
      await http()
        .post(`/graduates/${graduateId}/consents`)
        .set('authorization', otherAuth)
        .send({ channel: 'sms', purpose: 'check_ins', method: 'verbal', shownText })
        .expect(404);
      await http().get(`/contacts/${contactId}`).set('authorization', otherAuth).expect(404);
      await http().delete(`/contacts/${contactId}`).set('authorization', otherAuth).expect(404);
      expect(await active(graduateId, null, 'sms', 'check_ins')).toBe(false);
      await http().get(`/contacts/${contactId}`).set('authorization', auth).expect(200);
    });
  });
});
