import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { StaffRole } from '@continuum/persistence';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const valid = {
  firstName: 'Jordan',
  lastName: 'Rivera',
  timezone: 'America/Chicago',
  admissionDate: '2026-01-05',
  dischargeDate: '2026-03-27',
  phone: '(213) 373-4253',
  email: 'Jordan.Rivera@Example.org',
  preferredChannels: ['sms'],
};

describe('graduates', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let admin: StaffFixture;
  let adminAuth: string;
  let coordinatorAuth: string;
  let otherOrgAuth: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = app.get(getDataSourceToken());
    admin = await createStaff(dataSource);
    adminAuth = await bearerFor(app, admin);
    coordinatorAuth = await bearerFor(app, await createStaff(dataSource, { organisationId: admin.organisationId, role: StaffRole.Coordinator }));
    otherOrgAuth = await bearerFor(app, await createStaff(dataSource));
  });

  afterAll(async () => {
    await app?.close();
  });

  const create = (auth: string, body: object) => http().post('/graduates').set('authorization', auth).send(body);

  it('creates a graduate, normalising the phone to E.164 and the email to lower case', async () => {
    const res = await create(coordinatorAuth, { ...valid, externalId: 'EHR-1' }).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      firstName: 'Jordan',
      phone: '+12133734253',
      email: 'jordan.rivera@example.org',
      cohort: '2026-03',
      status: 'active',
      language: 'en',
      preferredChannels: ['sms'],
    });
  });

  it.each([
    [{ phone: '555-CALL-NOW' }, 'phone', expect.stringContaining('only digits')],
    [{ phone: '+1 111 111 1111' }, 'phone', 'is not a valid phone number for its country'],
    [{ email: 'not-an-email' }, 'email', 'must be an email address'],
    [{ timezone: 'EST' }, 'timezone', 'must be an IANA timezone such as America/Chicago'],
    [{ admissionDate: '2026-02-30' }, 'admissionDate', 'must be a date written YYYY-MM-DD'],
    [{ firstName: 'x'.repeat(101) }, 'firstName', 'must be shorter than or equal to 100 characters'],
    [{ firstName: '' }, 'firstName', 'must not be empty'],
    [{ status: 'sober' }, 'status', 'must be one of active, paused, completed, withdrawn'],
    [{ language: 'fr' }, 'language', 'must be one of en, es'],
    [{ preferredChannels: ['fax'] }, 'preferredChannels', 'each must be one of sms, email'],
    [{ contactHoursStart: '25:00', contactHoursEnd: '20:00' }, 'contactHoursStart', 'must be a time written HH:MM (24-hour)'],
    [{ diagnosis: 'x' }, 'diagnosis', 'is not an accepted field'],
  ])('refuses %j with 400 naming %s', async (override, field, reason) => {
    const res = await create(adminAuth, { ...valid, ...override }).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([{ field, reason }]));
  });

  it('refuses fields that disagree with 422 naming the field', async () => {
    const before = await create(adminAuth, { ...valid, dischargeDate: '2026-01-01' }).expect(422);
    expect(before.body.details).toEqual([{ field: 'dischargeDate', reason: 'must not be before admissionDate' }]);
    const noEmail = await create(adminAuth, { ...valid, email: null, preferredChannels: ['email'] }).expect(422);
    expect(noEmail.body.details).toEqual([{ field: 'preferredChannels', reason: 'email needs an email address' }]);
  });

  it('refuses a duplicate external id with 409, and another organisation may use it', async () => {
    await create(adminAuth, { ...valid, externalId: 'EHR-DUP' }).expect(201);
    const dup = await create(adminAuth, { ...valid, externalId: 'EHR-DUP' }).expect(409);
    expect(dup.body.details).toEqual([{ field: 'externalId', reason: 'is already used by another graduate' }]);
    await create(otherOrgAuth, { ...valid, externalId: 'EHR-DUP' }).expect(201);
  });

  it('refuses a second program of the same name with 409 naming the field', async () => {
    await http().post('/programs').set('authorization', adminAuth).send({ name: 'Weekend IOP' }).expect(201);
    const dup = await http().post('/programs').set('authorization', adminAuth).send({ name: 'Weekend IOP' }).expect(409);
    expect(dup.body.details).toEqual([{ field: 'name', reason: 'is already used by another program' }]);
  });

  it("refuses another organisation's program", async () => {
    const foreign = await http().post('/programs').set('authorization', otherOrgAuth).send({ name: 'Their IOP' }).expect(201);
    const res = await create(adminAuth, { ...valid, programId: foreign.body.id }).expect(422);
    expect(res.body.details).toEqual([{ field: 'programId', reason: 'is not a program of this organisation' }]);
  });

  it("answers 404 for another organisation's graduate, on read and on change", async () => {
    const theirs = await create(otherOrgAuth, valid).expect(201);
    const read = await http().get(`/graduates/${theirs.body.id}`).set('authorization', adminAuth).expect(404);
    expect(read.body).toMatchObject({ statusCode: 404, message: 'Graduate not found' });
    await http().patch(`/graduates/${theirs.body.id}`).set('authorization', adminAuth).send({ notes: 'x' }).expect(404);
    const after = await http().get(`/graduates/${theirs.body.id}`).set('authorization', otherOrgAuth).expect(200);
    expect(after.body.notes).toBeNull();
  });

  it('updates some fields, clears others with null, and re-checks the rules on the merged record', async () => {
    const created = await create(adminAuth, valid).expect(201);
    const updated = await http()
      .patch(`/graduates/${created.body.id}`)
      .set('authorization', adminAuth)
      .send({ phone: '+44 20 7946 0958', email: null, preferredChannels: [] })
      .expect(200);
    expect(updated.body).toMatchObject({ phone: '+442079460958', email: null, firstName: 'Jordan' });
    const bad = await http()
      .patch(`/graduates/${created.body.id}`)
      .set('authorization', adminAuth)
      .send({ dischargeDate: '2025-12-31' })
      .expect(422);
    expect(bad.body.details[0].field).toBe('dischargeDate');
  });

  describe('list', () => {
    let programId: string;
    beforeAll(async () => {
      const owner = await createStaff(dataSource);
      const auth = await bearerFor(app, owner);
      programId = (await http().post('/programs').set('authorization', auth).send({ name: 'Evening IOP' }).expect(201)).body.id;
      const people = [
        { firstName: 'Ana', lastName: 'Alvarez', dischargeDate: '2026-02-10', programId },
        { firstName: 'Ben', lastName: 'Baker', dischargeDate: '2026-03-05', programId, status: 'paused' },
        { firstName: 'Cy', lastName: 'Carter', dischargeDate: '2026-03-20' },
        { firstName: 'Di', lastName: 'Baxter', dischargeDate: '2026-03-31', externalId: 'X-9' },
      ];
      for (const p of people) await create(auth, { timezone: 'America/New_York', admissionDate: '2026-01-01', ...p }).expect(201);
      listAuth = auth;
    });
    let listAuth: string;
    const list = (query: string) => http().get(`/graduates?${query}`).set('authorization', listAuth);
    const names = (res: request.Response) => res.body.items.map((g: { lastName: string }) => g.lastName);

    it('sorts by last name and pages', async () => {
      const first = await list('pageSize=2').expect(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 4 });
      expect(names(first)).toEqual(['Alvarez', 'Baker']);
      expect(names(await list('pageSize=2&page=2').expect(200))).toEqual(['Baxter', 'Carter']);
    });

    it('filters by program, status, cohort and search', async () => {
      expect(names(await list(`programId=${programId}`))).toEqual(['Alvarez', 'Baker']);
      expect(names(await list('status=paused'))).toEqual(['Baker']);
      expect(names(await list('cohort=2026-03'))).toEqual(['Baker', 'Baxter', 'Carter']);
      expect(names(await list('search=ba'))).toEqual(['Baker', 'Baxter']);
      expect(names(await list('search=cy'))).toEqual(['Carter']);
      expect(names(await list('search=X-9'))).toEqual(['Baxter']);
      expect(names(await list('search=%25'))).toEqual([]);
    });

    it('names bad filters', async () => {
      const res = await list('cohort=2026-13&pageSize=500&page=0').expect(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { field: 'cohort', reason: 'must be a month written YYYY-MM' },
          { field: 'pageSize', reason: 'must not be greater than 200' },
          { field: 'page', reason: 'must not be less than 1' },
        ]),
      );
    });

    it("never shows another organisation's graduates", async () => {
      const res = await list('pageSize=200').expect(200);
      expect(res.body.total).toBe(4);
    });
  });

  describe('audit log', () => {
    it('records reads and changes (field names, never values) and only admins may query it', async () => {
      const created = await create(coordinatorAuth, valid).expect(201);
      const id = created.body.id;
      await http().get(`/graduates/${id}`).set('authorization', coordinatorAuth).expect(200);
      await http().patch(`/graduates/${id}`).set('authorization', coordinatorAuth).send({ notes: 'called on Tuesday' }).expect(200);

      const events = await http().get(`/audit-events?subjectId=${id}`).set('authorization', adminAuth).expect(200);
      expect(events.body.map((e: { action: string }) => e.action)).toEqual(['graduate.update', 'graduate.read', 'graduate.create']);
      expect(events.body[0]).toMatchObject({ detail: { fields: ['notes'] }, ip: expect.any(String), requestId: expect.any(String) });
      expect(JSON.stringify(events.body)).not.toContain('called on Tuesday');

      await http().get(`/audit-events?subjectId=${id}`).set('authorization', coordinatorAuth).expect(403);
      const foreign = await http().get(`/audit-events?subjectId=${id}`).set('authorization', otherOrgAuth);
      expect(foreign.status).toBe(200);
      expect(foreign.body).toEqual([]);
    });

    it('cannot be changed or deleted, even by the database owner', async () => {
      await expect(dataSource.query('DELETE FROM audit_event')).rejects.toThrow('audit_event is append-only');
      await expect(dataSource.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow('audit_event is append-only');
    });
  });
});
