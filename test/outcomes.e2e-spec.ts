import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { appendEngagementEvents } from '@continuum/persistence';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const today = DateTime.utc().startOf('day');
const monthsAgo = (n: number) => today.minus({ months: n }).toISODate() as string;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/**
 * Outcomes for funders, against a history written relative to today: the 6-month follow-up
 * window (5–8 months after intake) of four graduates in each of its states, and what they
 * reported (no use in the last 30 days; PHQ-9 and BAM from first to latest).
 */
describe('outcome follow-up and outcomes', () => {
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  let programId: string;
  const ids: Record<'reached' | 'missed' | 'open' | 'notDue', string> = { reached: '', missed: '', open: '', notDue: '' };
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    api = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = api.get(getDataSourceToken());
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
    programId = (await http().post('/programs').set('authorization', auth).send({ name: `Outcomes ${Date.now()}` }).expect(201)).body.id;
    const graduate = async (firstName: string, intakeMonthsAgo: number, admitted: boolean) =>
      (
        await http()
          .post('/graduates')
          .set('authorization', auth)
          .send({
            firstName,
            lastName: 'Outcome',
            timezone: 'UTC',
            programId,
            email: `${firstName.toLowerCase()}${Date.now()}@example.org`,
            ...(admitted ? { admissionDate: monthsAgo(intakeMonthsAgo), dischargeDate: monthsAgo(intakeMonthsAgo - 1) } : { dischargeDate: monthsAgo(intakeMonthsAgo) }),
          })
          .expect(201)
      ).body.id as string;
    ids.reached = await graduate('Rae', 12, true);
    ids.missed = await graduate('Max', 10, false);
    ids.open = await graduate('Ona', 6, false);
    ids.notDue = await graduate('Ned', 2, false);
    // Reached: a check-in answered 6 months after intake. Missed: a touchpoint 9 months after (too late) only.
    await appendEngagementEvents(dataSource.manager, [
      { organisationId: staff.organisationId, graduateId: ids.reached, kind: 'check_in.answered', occurredAt: new Date(`${monthsAgo(6)}T10:00:00Z`) },
      { organisationId: staff.organisationId, graduateId: ids.missed, kind: 'check_in.answered', occurredAt: new Date(`${monthsAgo(1)}T10:00:00Z`) },
    ]);

    // Answers need check-ins, which need an enrolment: one plan, rows written directly with the times the history needs.
    const plan = (await http().post('/check-in-plans').set('authorization', auth).send({ name: `Outcomes ${Date.now()}`, offsets: ['P1D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' }).expect(201)).body;
    let sequence = 0;
    const answer = async (graduateId: string, at: Date, fields: { used?: boolean; instrument?: string; score?: object }) => {
      const [enrolment] = await dataSource.query(
        `INSERT INTO check_in_enrolment (organisation_id, graduate_id, plan_id, enrolled_at) VALUES ($1, $2, $3, now())
         ON CONFLICT DO NOTHING RETURNING id`,
        [staff.organisationId, graduateId, plan.id],
      );
      const enrolmentId = enrolment?.id ?? (await dataSource.query(`SELECT id FROM check_in_enrolment WHERE graduate_id = $1`, [graduateId]))[0].id;
      sequence += 1;
      const [checkIn] = await dataSource.query(
        `INSERT INTO check_in (organisation_id, graduate_id, enrolment_id, sequence, "offset", instrument, channel, due_at, status, answered_at)
         VALUES ($1, $2, $3, $4, 'P1D', $5, 'email', $6, 'answered', $6) RETURNING id`,
        [staff.organisationId, graduateId, enrolmentId, sequence, fields.instrument ?? null, at],
      );
      await dataSource.query(
        `INSERT INTO check_in_answer (organisation_id, graduate_id, check_in_id, source, used_since_last, instrument, score, answered_at)
         VALUES ($1, $2, $3, 'form', $4, $5, $6, $7)`,
        [staff.organisationId, graduateId, checkIn.id, fields.used ?? null, fields.instrument ?? null, fields.score ? JSON.stringify(fields.score) : null, at],
      );
    };
    await answer(ids.reached, daysAgo(5), { used: false });
    await answer(ids.reached, daysAgo(40), { used: true });
    await answer(ids.reached, daysAgo(60), { instrument: 'phq9', score: { key: 'phq9', total: 15, band: 'moderately_severe', flags: [] } });
    await answer(ids.reached, daysAgo(5), { instrument: 'phq9', score: { key: 'phq9', total: 9, band: 'mild', flags: [] } });
    await answer(ids.reached, daysAgo(50), { instrument: 'bam', score: { key: 'bam', subscales: { use: 2, risk: 10, protective: 8 }, flags: [] } });
    await answer(ids.reached, daysAgo(4), { instrument: 'bam', score: { key: 'bam', subscales: { use: 0, risk: 6, protective: 12 }, flags: [] } });
    await answer(ids.missed, daysAgo(3), { used: true });
    await answer(ids.missed, daysAgo(30.5), { instrument: 'phq9', score: { key: 'phq9', total: 10, band: 'moderate', flags: [] } });
    await answer(ids.missed, daysAgo(2), { instrument: 'phq9', score: { key: 'phq9', total: 12, band: 'moderate', flags: [] } });
    await answer(ids.open, daysAgo(1), { instrument: 'phq9', score: { key: 'phq9', total: 20, band: 'severe', flags: [] } });
  });

  afterAll(async () => {
    await api?.close();
  });

  const range = `dischargedFrom=${monthsAgo(13)}&dischargedTo=${today.toISODate()}&programId=`;

  it('tracks each graduate’s 6-month follow-up window and the share reached', async () => {
    const report = (await http().get(`/reports/follow-up?${range}${programId}`).set('authorization', auth).expect(200)).body;
    expect(report.counts).toEqual({ not_due: 1, open: 1, reached: 1, missed: 1 });
    expect(report.rate).toBe(0.5);
    expect(report.target).toBe(0.8);
    const byId = Object.fromEntries(report.graduates.map((g: { graduateId: string }) => [g.graduateId, g]));
    expect(byId[ids.reached]).toMatchObject({
      firstName: 'Rae',
      intake: monthsAgo(12),
      opens: today.minus({ months: 12 }).plus({ months: 5 }).toISODate(),
      closes: today.minus({ months: 12 }).plus({ months: 8 }).minus({ days: 1 }).toISODate(),
      status: 'reached',
      reachedAt: `${monthsAgo(6)}T10:00:00.000Z`,
    });
    expect(byId[ids.missed]).toMatchObject({ status: 'missed', reachedAt: null });
    expect(byId[ids.open]).toMatchObject({ status: 'open' });
    const open = (await http().get(`/reports/follow-up?${range}${programId}&status=open`).set('authorization', auth).expect(200)).body;
    expect(open.graduates.map((g: { graduateId: string }) => g.graduateId)).toEqual([ids.open]);
    const csv = await http().get(`/reports/follow-up?${range}${programId}&format=csv`).set('authorization', auth).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('graduateId,externalId,firstName,intake,opens,closes,status,reachedAt');
    expect(csv.text.trim().split('\r\n')).toHaveLength(5);
  });

  it('reports no use in the last 30 days and instrument changes from first to latest', async () => {
    const report = (await http().get(`/reports/outcomes?${range}${programId}`).set('authorization', auth).expect(200)).body;
    // Rae said no use 5 days ago (her "yes" 40 days ago is outside the 30 days); Max said yes 3 days ago.
    expect(report).toMatchObject({ graduates: 4, useReported: 2, noUse: 1, noUseShare: 0.5 });
    // PHQ-9: Rae 15 → 9, Max 10 → 12 (Ona's single score does not count): means 12.5 → 10.5, change −2.
    expect(report.instruments.phq9).toEqual({ graduates: 2, firstMean: 12.5, latestMean: 10.5, meanChange: -2 });
    expect(report.instruments.gad7).toEqual({ graduates: 0, firstMean: null, latestMean: null, meanChange: null });
    expect(report.instruments.bamUse).toEqual({ graduates: 1, firstMean: 2, latestMean: 0, meanChange: -2 });
    expect(report.instruments.bamRisk).toEqual({ graduates: 1, firstMean: 10, latestMean: 6, meanChange: -4 });
    expect(report.instruments.bamProtective).toEqual({ graduates: 1, firstMean: 8, latestMean: 12, meanChange: 4 });
    const csv = await http().get(`/reports/outcomes?${range}${programId}&format=csv`).set('authorization', auth).expect(200);
    expect(csv.text.split('\r\n').slice(0, 3)).toEqual(['measure,graduates,count,share,firstMean,latestMean,meanChange', 'no_use_30d,2,1,0.5,,,', 'phq9,2,,,12.5,10.5,-2']);
    const other = await bearerFor(api, await createStaff(dataSource));
    const foreign = (await http().get(`/reports/outcomes?dischargedFrom=${monthsAgo(13)}&dischargedTo=${today.toISODate()}`).set('authorization', other).expect(200)).body;
    expect(foreign).toMatchObject({ graduates: 0, useReported: 0 });
  });
});
