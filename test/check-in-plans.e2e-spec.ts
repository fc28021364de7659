import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { CheckInSweeper } from '@continuum/check-ins';
import { StaffRole } from '@continuum/persistence';
import { createStaff, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

describe('check-in plans', () => {
  let app: NestExpressApplication;
  let admin: string;
  let coordinator: string;
  let other: string;
  let organisationId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    const dataSource = app.get(getDataSourceToken());
    const owner = await createStaff(dataSource);
    admin = await bearerFor(app, owner);
    organisationId = owner.organisationId;
    coordinator = await bearerFor(app, await createStaff(dataSource, { organisationId: owner.organisationId, role: StaffRole.Coordinator }));
    other = await bearerFor(app, await createStaff(dataSource));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists the versioned protocols with their sources', async () => {
    const res = await http().get('/check-in-protocols').set('authorization', coordinator).expect(200);
    const refs = res.body.map((p: { ref: string }) => p.ref);
    expect(refs).toEqual(expect.arrayContaining(['post-iop-taper@1', 'tmac@1', 'rmc-adaptive@1', 'lucht-weekly@1', 'demo-minutes@1']));
    const taper = res.body.find((p: { ref: string }) => p.ref === 'post-iop-taper@1');
    expect(taper.plan.offsets.slice(0, 6)).toEqual(['P1D', 'P3D', 'P7D', 'P14D', 'P21D', 'P30D']);
    expect(taper.source).toEqual(expect.any(String));
  });

  it('creates a plan from a protocol, with overrides, and shows when its check-ins would fall', async () => {
    const created = await http()
      .post('/check-in-plans')
      .set('authorization', admin)
      .send({ name: 'Evening IOP aftercare', protocol: 'post-iop-taper@1', localTime: '18:30' })
      .expect(201);
    expect(created.body).toMatchObject({ protocol: 'post-iop-taper@1', localTime: '18:30', offsets: expect.arrayContaining(['P1D', 'P7D']) });

    const discharge = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const schedule = await http()
      .get(`/check-in-plans/${created.body.id}/schedule?dischargeDate=${discharge}&timezone=America/New_York`)
      .set('authorization', coordinator)
      .expect(200);
    expect(schedule.body[0]).toMatchObject({ sequence: 0, offset: 'P1D' });
    for (const step of schedule.body) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(step.dueAt));
      expect(local).toBe('18:30');
    }
  });

  it.each([
    [{ offsets: ['P1D', '-P3D'] }, 'offsets.1'],
    [{ offsets: ['P1D', 'soon'] }, 'offsets.1'],
    [{ offsets: ['P7D', 'P3D'] }, 'offsets.1'],
  ])('refuses %j with 422 naming %s', async (override, field) => {
    const res = await http()
      .post('/check-in-plans')
      .set('authorization', admin)
      .send({ name: `Bad ${field} ${JSON.stringify(override)}`, localTime: '10:00', missedAfter: 'P2D', ...override })
      .expect(422);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('names what a custom plan lacks, an unknown protocol, and bad types', async () => {
    const missing = await http().post('/check-in-plans').set('authorization', admin).send({ name: 'Custom' }).expect(422);
    expect(missing.body.details).toEqual([
      { field: 'offsets', reason: 'is required unless a protocol is given' },
      { field: 'localTime', reason: 'is required unless a protocol is given' },
      { field: 'missedAfter', reason: 'is required unless a protocol is given' },
    ]);
    const unknown = await http().post('/check-in-plans').set('authorization', admin).send({ name: 'X', protocol: 'made-up@9' }).expect(422);
    expect(unknown.body.details[0].field).toBe('protocol');
    const types = await http().post('/check-in-plans').set('authorization', admin).send({ name: 'Y', offsets: 'P1D', localTime: '25:00' }).expect(400);
    expect([...new Set(types.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(['localTime', 'offsets']);
    expect(types.body.details).toContainEqual({ field: 'offsets', reason: 'must be a list of ISO-8601 durations' });
  });

  it('refuses a duplicate name, lets only admins change plans, and hides them from other organisations', async () => {
    const created = await http().post('/check-in-plans').set('authorization', admin).send({ name: 'Weekly', protocol: 'lucht-weekly@1' }).expect(201);
    await http().post('/check-in-plans').set('authorization', admin).send({ name: 'Weekly', protocol: 'tmac@1' }).expect(409);
    await http().post('/check-in-plans').set('authorization', coordinator).send({ name: 'Mine', protocol: 'tmac@1' }).expect(403);
    const updated = await http().patch(`/check-in-plans/${created.body.id}`).set('authorization', admin).send({ missedAfter: 'P4D' }).expect(200);
    expect(updated.body).toMatchObject({ missedAfter: 'P4D', silenceMeansContact: true });
    await http().get(`/check-in-plans/${created.body.id}`).set('authorization', other).expect(404);
    await http().patch(`/check-in-plans/${created.body.id}`).set('authorization', other).send({ name: 'Theirs' }).expect(404);
    const theirs = await http().get('/check-in-plans').set('authorization', other).expect(200);
    expect(theirs.body).toEqual([]);
  });
  it('enrols more graduates than one transaction takes, chunks written side by side: each once, every near check-in with its prompt', async () => {
    const dataSource = app.get(getDataSourceToken());
    const plan = await http().post('/check-in-plans').set('authorization', admin).send({ name: `Bulk ${Date.now()}`, protocol: 'post-iop-taper@1' }).expect(201);
    const today = new Date().toISOString().slice(0, 10);
    const seeded: { id: string; discharge_date: string | null }[] = await dataSource.query(
      `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, timezone, phone, preferred_channels, status, discharge_date)
       SELECT $1, 'BULK-' || i, 'Robin', 'Bulk' || i, 'bulk' || i || ' robin', 'America/Chicago', '+1202555' || lpad(i::text, 4, '0'), '{sms}', 'active',
              CASE WHEN i = 1234 THEN NULL ELSE $2::date END
         FROM generate_series(1, 1300) AS i
       RETURNING id, discharge_date`,
      [organisationId, today],
    );
    const report = await http().post('/check-in-enrolments').set('authorization', admin).send({ planId: plan.body.id, graduateIds: seeded.map((g) => g.id) }).expect(200);
    const undated = seeded.find((g) => g.discharge_date === null);
    expect(report.body).toMatchObject({ enrolled: 1299, replanned: 0, skipped: [{ graduateId: undated?.id, reason: 'graduate has no discharge date' }] });
    const count = async () =>
      (
        await dataSource.query(
          `SELECT (SELECT count(*)::int FROM check_in_enrolment WHERE graduate_id = ANY($1)) AS enrolments,
                  (SELECT count(DISTINCT graduate_id)::int FROM check_in WHERE graduate_id = ANY($1)) AS graduates,
                  (SELECT count(*)::int FROM check_in WHERE graduate_id = ANY($1)) AS check_ins,
                  (SELECT count(*)::int FROM check_in c JOIN delivery d ON d.id = c.delivery_id AND d.graduate_id = c.graduate_id AND d.due_at = c.due_at
                    WHERE c.graduate_id = ANY($1)) AS prompted,
                  (SELECT count(*)::int FROM check_in WHERE graduate_id = ANY($1) AND due_at <= now() + interval '2 hours') AS near,
                  (SELECT count(*)::int FROM (SELECT graduate_id FROM check_in WHERE graduate_id = ANY($1) GROUP BY graduate_id HAVING count(*) <> count(DISTINCT sequence)) AS twice) AS doubled`,
          [seeded.map((g) => g.id)],
        )
      )[0];
    const counts = await count();
    // Prompts are written for the check-ins due within two hours; the sweep writes the rest as they come near.
    expect(counts).toEqual({ enrolments: 1299, graduates: 1299, check_ins: report.body.checkIns, prompted: counts.near, near: counts.near, doubled: 0 });
    // A sweep a year and a month on has written every prompt, each for its own check-in's time, once.
    const sweeper = app.get(CheckInSweeper);
    const later = new Date(Date.now() + 396 * 86_400_000);
    while ((await sweeper.sweep(later)).prompted > 0);
    expect(await count()).toEqual({ ...counts, prompted: report.body.checkIns });
    expect(report.body.checkIns).toBeGreaterThanOrEqual(1299 * 19);
  });
});
