import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { StaffRole } from '@continuum/persistence';
import { createStaff, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const MIXED = csv(
  'externalId,First Name,last_name,program,admission_date,Discharge Date,timezone,phone,email,preferredChannels,status',
  'IMP-1,Ana,Alvarez,Evening IOP,2026-01-05,2026-03-27,America/Chicago,(213) 373-4253,Ana@Example.org,sms;email,',
  'IMP-2,Ben,Baker,,2026-01-05,2026-03-20,America/New_York,,,,paused',
  'IMP-3,Cy,Carter,,,,America/Chicago,555-CALL-NOW,,,',
  'IMP-4,Di,Dunn,,,,EST,,,,',
  'IMP-5,Ed,Evans,,2026-03-01,2026-02-01,America/Chicago,,,,',
  'IMP-6,Flo,Fox,Morning IOP,,,America/Chicago,,,,',
  'IMP-1,Gus,Green,,,,America/Chicago,,,,',
  'IMP-8,,Hale,,,,America/Chicago,,,,',
  ',Ivy,Irwin,,,,Europe/London,+44 20 7946 0958,ivy@example.org,sms|email,',
);

const GOOD = csv(
  'externalId,firstName,lastName,timezone,phone,notes',
  'G-1,Kim,King,America/Denver,(213) 373-4253,',
  'G-2,Lou,Lane,America/Denver,(213) 373-4254,"said ""call after 6"""',
  'G-3,Max,Moss,America/Denver,,',
);

describe('graduate CSV import', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = app.get(getDataSourceToken());
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A fresh organisation: its admin's and a coordinator's Authorization headers. */
  async function organisation(): Promise<{ admin: string; coordinator: string }> {
    const admin = await createStaff(dataSource);
    const coordinator = await createStaff(dataSource, { organisationId: admin.organisationId, role: StaffRole.Coordinator });
    return { admin: await bearerFor(app, admin), coordinator: await bearerFor(app, coordinator) };
  }

  const importCsv = (auth: string, body: string, query = '') =>
    http().post(`/graduates/import${query}`).set('authorization', auth).set('content-type', 'text/csv').send(body);
  const list = async (auth: string, query = 'pageSize=200') =>
    (await http().get(`/graduates?${query}`).set('authorization', auth).expect(200)).body;
  const byExternalId = async (auth: string, externalId: string) => (await list(auth, `search=${externalId}`)).items[0];

  describe('a file of good and bad rows', () => {
    let auth: { admin: string; coordinator: string };
    let programId: string;
    beforeAll(async () => {
      auth = await organisation();
      programId = (await http().post('/programs').set('authorization', auth.admin).send({ name: 'Evening IOP' }).expect(201)).body.id;
    });

    it('saves the good rows and names the row, field and reason of each bad one', async () => {
      const res = await importCsv(auth.coordinator, MIXED).expect(200);
      expect(res.body).toEqual({
        dryRun: false,
        total: 9,
        created: 3,
        updated: 0,
        unchanged: 0,
        failed: 6,
        errors: [
          { row: 3, externalId: 'IMP-3', field: 'phone', reason: 'must contain only digits, spaces, "+", "-", "(", ")" or "."' },
          { row: 4, externalId: 'IMP-4', field: 'timezone', reason: 'must be an IANA timezone such as America/Chicago' },
          { row: 5, externalId: 'IMP-5', field: 'dischargeDate', reason: 'must not be before admissionDate' },
          { row: 6, externalId: 'IMP-6', field: 'program', reason: 'is not a program of this organisation' },
          { row: 7, externalId: 'IMP-1', field: 'externalId', reason: 'repeats the externalId of row 1' },
          { row: 8, externalId: 'IMP-8', field: 'firstName', reason: 'is required' },
        ],
      });

      const page = await list(auth.admin);
      expect(page.total).toBe(3);
      expect(page.items.map((g: { lastName: string }) => g.lastName)).toEqual(['Alvarez', 'Baker', 'Irwin']);
      expect(page.items[0]).toMatchObject({
        externalId: 'IMP-1',
        firstName: 'Ana',
        programId,
        phone: '+12133734253',
        email: 'ana@example.org',
        preferredChannels: ['sms', 'email'],
        cohort: '2026-03',
        status: 'active',
        language: 'en',
      });
      expect(page.items[1]).toMatchObject({ externalId: 'IMP-2', status: 'paused', phone: null, preferredChannels: [] });
      expect(page.items[2]).toMatchObject({ externalId: null, phone: '+442079460958', preferredChannels: ['sms', 'email'] });
    });

    it.each([
      [{ phone: '555-CALL-NOW' }, 400],
      [{ timezone: 'EST' }, 400],
      [{ admissionDate: '2026-03-01', dischargeDate: '2026-02-01' }, 422],
    ])('gives the same reason as POST /graduates for %j', async (override, status) => {
      const body = { firstName: 'Cy', lastName: 'Carter', timezone: 'America/Chicago', ...override };
      const api = await http().post('/graduates').set('authorization', auth.admin).send(body).expect(status);
      const header = Object.keys(body).join(',');
      const row = Object.values(body).join(',');
      const imported = await importCsv(auth.admin, csv(header, row), '?dryRun=true').expect(200);
      expect(imported.body.errors.map((e: { field: string; reason: string }) => ({ field: e.field, reason: e.reason }))).toEqual(api.body.details);
    });

    it('creates rows without an externalId again on every import, and matches the rest', async () => {
      const again = await importCsv(auth.admin, MIXED).expect(200);
      expect(again.body).toMatchObject({ created: 1, updated: 0, unchanged: 2, failed: 6 });
      expect((await list(auth.admin, 'search=irwin')).total).toBe(2);
    });

    it('records one audit event with counts and no values', async () => {
      const events = await http().get('/audit-events?action=graduate.import').set('authorization', auth.admin).expect(200);
      expect(events.body).toHaveLength(2);
      expect(events.body[1]).toMatchObject({ subjectType: 'graduate', subjectId: null, detail: { total: 9, created: 3, updated: 0, unchanged: 0, failed: 6 } });
      expect(JSON.stringify(events.body)).not.toMatch(/Alvarez|IMP-1|2133734253|example\.org/);
    });
  });

  describe('re-imports', () => {
    let ours: { admin: string; coordinator: string };
    let theirs: { admin: string; coordinator: string };
    beforeAll(async () => {
      ours = await organisation();
      theirs = await organisation();
      await importCsv(ours.admin, GOOD).expect(200);
    });

    it('are idempotent: the same file again creates and changes nothing', async () => {
      const before = await byExternalId(ours.admin, 'G-2');
      expect(before.notes).toBe('said "call after 6"');
      const res = await importCsv(ours.admin, GOOD).expect(200);
      expect(res.body).toEqual({ dryRun: false, total: 3, created: 0, updated: 0, unchanged: 3, failed: 0, errors: [] });
      expect((await list(ours.admin)).total).toBe(3);
      expect((await byExternalId(ours.admin, 'G-2')).updatedAt).toBe(before.updatedAt);
    });

    it('update the graduate whose row changed, and leave columns the file lacks alone', async () => {
      const changed = GOOD.replace('(213) 373-4254', '+44 20 7946 0958');
      const res = await importCsv(ours.admin, changed).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 2, failed: 0 });
      expect(await byExternalId(ours.admin, 'G-2')).toMatchObject({ firstName: 'Lou', phone: '+442079460958' });

      const partial = await importCsv(ours.admin, csv('external id,status', 'G-3,withdrawn')).expect(200);
      expect(partial.body).toMatchObject({ created: 0, updated: 1 });
      expect(await byExternalId(ours.admin, 'G-3')).toMatchObject({ firstName: 'Max', timezone: 'America/Denver', status: 'withdrawn' });
      expect((await list(ours.admin)).total).toBe(3);
    });

    it("treat another organisation's identical externalIds as other people", async () => {
      const res = await importCsv(theirs.admin, GOOD.replace('Kim', 'Kit')).expect(200);
      expect(res.body).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      expect((await list(theirs.admin)).total).toBe(3);
      expect(await byExternalId(theirs.admin, 'G-1')).toMatchObject({ firstName: 'Kit' });
      expect(await byExternalId(ours.admin, 'G-1')).toMatchObject({ firstName: 'Kim' });
      expect((await list(ours.admin)).total).toBe(3);
    });

    it("refuse another organisation's program, by name or by id", async () => {
      const program = await http().post('/programs').set('authorization', theirs.admin).send({ name: 'Their IOP' }).expect(201);
      const byName = await importCsv(ours.admin, csv('externalId,program', 'G-1,Their IOP')).expect(200);
      expect(byName.body.errors).toEqual([{ row: 1, externalId: 'G-1', field: 'program', reason: 'is not a program of this organisation' }]);
      const byId = await importCsv(ours.admin, csv('externalId,programId', `G-1,${program.body.id}`)).expect(200);
      expect(byId.body.errors).toEqual([{ row: 1, externalId: 'G-1', field: 'programId', reason: 'is not a program of this organisation' }]);
      expect((await byExternalId(ours.admin, 'G-1')).programId).toBeNull();
    });
  });

  it('writes nothing in a dry run, yet reports what it would do', async () => {
    const auth = await organisation();
    const first = await importCsv(auth.admin, GOOD, '?dryRun=true').expect(200);
    expect(first.body).toMatchObject({ dryRun: true, total: 3, created: 3, failed: 0 });
    expect((await list(auth.admin)).total).toBe(0);

    await importCsv(auth.admin, GOOD).expect(200);
    const changed = await importCsv(auth.admin, GOOD.replace('Kim', 'Kimberly'), '?dryRun=true').expect(200);
    expect(changed.body).toMatchObject({ dryRun: true, created: 0, updated: 1, unchanged: 2 });
    expect((await byExternalId(auth.admin, 'G-1')).firstName).toBe('Kim');
    const events = await http().get('/audit-events?action=graduate.import').set('authorization', auth.admin).expect(200);
    expect(events.body).toHaveLength(1);
  });

  describe('refuses what it cannot read', () => {
    let auth: string;
    beforeAll(async () => {
      auth = (await organisation()).admin;
    });

    it('another content type with 415', async () => {
      const json = await http().post('/graduates/import').set('authorization', auth).send({ rows: [] }).expect(415);
      expect(json.body).toMatchObject({ statusCode: 415, message: 'Send the file as CSV with Content-Type: text/csv' });
      expect(json.body.details).toEqual([{ field: 'content-type', reason: 'must be text/csv, not application/json' }]);
      await http().post('/graduates/import').set('authorization', auth).set('content-type', 'text/plain').send(GOOD).expect(415);
    });

    it('a body over 5 MB with 413', async () => {
      const res = await importCsv(auth, `externalId,notes\n${'x,y\n'.repeat(1_400_000)}`).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: 'Request body is too large' });
    });

    it('an unknown or repeated header with 422 naming it', async () => {
      const res = await importCsv(auth, csv('externalId,firstName,Diagnosis,first_name', 'X-1,Al,none,Al')).expect(422);
      expect(res.body.details).toEqual([
        { field: 'Diagnosis', reason: expect.stringMatching(/^is not a known column \(known: programId, externalId, firstName/) },
        { field: 'first_name', reason: 'repeats the firstName column' },
      ]);
      expect((await list(auth)).total).toBe(0);
    });

    it('malformed CSV or an empty file with 422', async () => {
      const res = await importCsv(auth, csv('externalId,notes', 'X-1,"never closed')).expect(422);
      expect(res.body).toMatchObject({ message: 'The CSV file could not be read' });
      expect(res.body.details).toEqual([{ field: 'body', reason: expect.stringContaining('a quoted cell is never closed') }]);
      await importCsv(auth, '').expect(422);
    });

    it('a row with the wrong number of cells as a row error, and a bad dryRun flag with 400', async () => {
      const res = await importCsv(auth, csv('externalId,firstName,lastName,timezone', 'X-1,Al,Ames', 'X-2,Bo,Bell,UTC')).expect(200);
      expect(res.body).toMatchObject({ created: 1, failed: 1 });
      expect(res.body.errors).toEqual([{ row: 1, externalId: 'X-1', field: 'row', reason: 'has 3 cells where the header has 4' }]);
      const flag = await importCsv(auth, GOOD, '?dryRun=yes').expect(400);
      expect(flag.body.details).toEqual([{ field: 'dryRun', reason: 'must be true or false' }]);
    });
  });

  it('is documented in OpenAPI: a text/csv body, the report, and that rows without externalId are always created', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body;
    const operation = doc.paths['/graduates/import'].post;
    expect(operation.requestBody.content['text/csv'].schema).toMatchObject({ type: 'string' });
    expect(operation.description).toContain('Rows without an externalId are always created');
    expect(operation.parameters).toEqual([expect.objectContaining({ name: 'dryRun', in: 'query', required: false })]);
    const report = operation.responses['200'].content['application/json'].schema.$ref.split('/').pop();
    expect(Object.keys(doc.components.schemas[report].properties)).toEqual(
      expect.arrayContaining(['total', 'created', 'updated', 'unchanged', 'failed', 'errors']),
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '413', '415', '422']));
  });

  it('imports 10,000 rows in one request', async () => {
    const auth = await organisation();
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const n = String(i).padStart(4, '0');
      return `BULK-${i},First${i},Last${n},America/Chicago,(213) 373-${n},g${i}@example.org,sms;email,2026-0${(i % 9) + 1}-15`;
    });
    const body = csv('externalId,firstName,lastName,timezone,phone,email,preferredChannels,dischargeDate', ...rows);
    const res = await importCsv(auth.admin, body).expect(200);
    expect(res.body).toEqual({ dryRun: false, total: 10_000, created: 10_000, updated: 0, unchanged: 0, failed: 0, errors: [] });
    expect((await list(auth.admin, 'pageSize=1')).total).toBe(10_000);
    expect(await byExternalId(auth.admin, 'BULK-9999')).toMatchObject({ lastName: 'Last9999', phone: '+12133739999', cohort: '2026-01' });
  }, 120_000);

  describe('contacts from the same export', () => {
    const importContacts = (auth: string, body: string, query = '') =>
      http().post(`/contacts/import${query}`).set('authorization', auth).set('content-type', 'text/csv').send(body);
    const contactsOf = async (auth: string, externalId: string) => {
      const graduate = await byExternalId(auth, externalId);
      return (await http().get(`/graduates/${graduate.id}/contacts`).set('authorization', auth).expect(200)).body;
    };

    it('adds contacts to graduates named by externalId, idempotently, and reports each bad row', async () => {
      const auth = await organisation();
      await importCsv(auth.admin, csv('externalId,firstName,lastName,timezone,language', 'C-1,Ana,Alvarez,America/Chicago,es', 'C-2,Ben,Baker,America/Denver,en')).expect(200);
      const other = await organisation();
      await importCsv(other.admin, csv('externalId,firstName,lastName,timezone', 'THEIRS-1,Zed,Zane,UTC')).expect(200);
      const file = csv(
        'graduate_external_id,External ID,name,relationship,phone,email,language,timezone',
        'C-1,C-1-A,Rosa Alvarez,parent,(213) 373-4254,,,',
        'C-2,C-2-A,Sam Baker,sponsor,,sam@example.org,,Europe/London',
        'C-9,C-9-A,Nobody,friend,(213) 373-4255,,,',
        'THEIRS-1,T-1,Not Yours,friend,(213) 373-4256,,,',
        'C-1,,No Id,friend,(213) 373-4257,,,',
        'C-1,C-1-A,Again,friend,(213) 373-4258,,,',
        'C-2,C-2-B,Bad Phone,cousin,555-CALL-NOW,,,',
        'C-2,C-2-C,No Way To Reach,friend,,,,',
      );
      const dry = await importContacts(auth.coordinator, file, '?dryRun=true').expect(200);
      expect(dry.body).toMatchObject({ dryRun: true, total: 8, created: 2, failed: 6 });
      expect(await contactsOf(auth.admin, 'C-1')).toEqual([]);

      const res = await importContacts(auth.coordinator, file).expect(200);
      expect(res.body).toMatchObject({ dryRun: false, total: 8, created: 2, updated: 0, unchanged: 0, failed: 6 });
      expect(res.body.errors).toEqual([
        { row: 3, externalId: 'C-9-A', field: 'graduateExternalId', reason: 'is not a graduate of this organisation' },
        { row: 4, externalId: 'T-1', field: 'graduateExternalId', reason: 'is not a graduate of this organisation' },
        { row: 5, externalId: null, field: 'externalId', reason: 'is required, so that a re-import updates rather than duplicates' },
        { row: 6, externalId: 'C-1-A', field: 'externalId', reason: 'repeats the externalId of row 1' },
        { row: 7, externalId: 'C-2-B', field: 'relationship', reason: expect.stringContaining('must be one of parent') },
        { row: 7, externalId: 'C-2-B', field: 'phone', reason: expect.any(String) },
        { row: 8, externalId: 'C-2-C', field: 'phone', reason: 'a contact needs a phone number or an email address' },
      ]);
      // Blank language and timezone take the graduate's.
      expect(await contactsOf(auth.admin, 'C-1')).toEqual([
        expect.objectContaining({ externalId: 'C-1-A', name: 'Rosa Alvarez', relationship: 'parent', phone: '+12133734254', language: 'es', timezone: 'America/Chicago' }),
      ]);
      expect(await contactsOf(auth.admin, 'C-2')).toEqual([expect.objectContaining({ externalId: 'C-2-A', email: 'sam@example.org', language: 'en', timezone: 'Europe/London' })]);
      expect(await contactsOf(other.admin, 'THEIRS-1')).toEqual([]);

      const again = await importContacts(auth.coordinator, csv('graduateExternalId,externalId,name,relationship,phone', 'C-1,C-1-A,Rosa Alvarez,parent,(213) 373-4254')).expect(200);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 0 });
      const changed = await importContacts(auth.coordinator, csv('graduateExternalId,externalId,phone', 'C-1,C-1-A,(213) 373-4259')).expect(200);
      expect(changed.body).toMatchObject({ created: 0, updated: 1, failed: 0 });
      expect(await contactsOf(auth.admin, 'C-1')).toEqual([expect.objectContaining({ name: 'Rosa Alvarez', phone: '+12133734259' })]);
      const moved = await importContacts(auth.coordinator, csv('graduateExternalId,externalId', 'C-2,C-1-A')).expect(200);
      expect(moved.body.errors).toEqual([{ row: 1, externalId: 'C-1-A', field: 'externalId', reason: "is another graduate's contact" }]);
    });

    it('refuses a file without the graduateExternalId or externalId column with 422 naming it', async () => {
      const auth = await organisation();
      const res = await importContacts(auth.admin, csv('name,relationship,phone', 'Rosa,parent,(213) 373-4254')).expect(422);
      expect(res.body.details).toEqual([
        { field: 'graduateExternalId', reason: 'is a required column' },
        { field: 'externalId', reason: 'is a required column' },
      ]);
      await http().post('/contacts/import').set('authorization', auth.admin).set('content-type', 'application/json').send({}).expect(415);
    });
  });
});
