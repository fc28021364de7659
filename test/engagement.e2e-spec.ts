import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { engagementScore } from '@continuum/domain';
import { EngagementRollup } from '@continuum/engagement';
import { appendEngagementEvents, type EngagementEventInput } from '@continuum/persistence';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const DAY = '2027-03-10';
const END = new Date('2027-03-11T00:00:00Z');
const at = (iso: string) => new Date(iso);
const scored = (events: EngagementEventInput[]) => events.map((e) => ({ kind: e.kind, occurredAt: e.occurredAt as Date }));
const dayAfter = (n: number) => new Date(Date.parse(`${DAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Engagement over time with a controllable clock: a known history of events is written with the
 * times it says, the nightly rollup is run for chosen days, and every figure (scores, flags and
 * their alerts, rates, retention, the timeline, the CSV export) is checked against values worked
 * out by hand. A graduate of another organisation, with events on the same day, never shows.
 */
describe('engagement: rollup, score, flags, reports', () => {
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  let rollup: EngagementRollup;
  const g: Record<'one' | 'two' | 'three' | 'stranger', string> = { one: '', two: '', three: '', stranger: '' };
  const programs: Record<'p1' | 'p2', string> = { p1: '', p2: '' };
  const history: Record<string, EngagementEventInput[]> = {};
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    api = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = api.get(getDataSourceToken());
    rollup = api.get(EngagementRollup);
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
    for (const key of ['p1', 'p2'] as const) {
      programs[key] = (await http().post('/programs').set('authorization', auth).send({ name: `Program ${key} ${Date.now()}` }).expect(201)).body.id;
    }
    const graduate = async (programId: string | null, dischargeDate: string, authHeader = auth) =>
      (
        await http()
          .post('/graduates')
          .set('authorization', authHeader)
          .send({ firstName: 'Sam', lastName: 'History', timezone: 'UTC', phone: null, email: `h${Math.random()}@example.org`, dischargeDate, programId })
          .expect(201)
      ).body.id as string;
    g.one = await graduate(programs.p1, '2026-12-15');
    g.two = await graduate(programs.p2, '2027-01-20');
    g.three = await graduate(programs.p1, '2026-12-01');
    const other = await createStaff(dataSource);
    g.stranger = await graduate(null, '2026-12-15', await bearerFor(api, other));
    const ev = (graduateId: string, kind: EngagementEventInput['kind'], iso: string, organisationId = staff.organisationId): EngagementEventInput => ({
      organisationId,
      graduateId,
      kind,
      occurredAt: at(iso),
    });
    history.one = [
      ev(g.one, 'check_in.answered', '2027-01-10T15:00:00Z'),
      ev(g.one, 'meeting.attended', '2027-02-25T00:00:00Z'),
      ev(g.one, 'check_in.answered', '2027-03-10T00:00:00Z'),
      ev(g.one, 'message.sent', '2027-03-10T09:00:00Z'),
      ev(g.one, 'message.sent', '2027-03-10T10:00:00Z'),
      ev(g.one, 'message.failed', '2027-03-10T11:00:00Z'),
      ev(g.one, 'check_in.missed', '2027-03-10T20:00:00Z'),
    ];
    history.two = [
      ev(g.two, 'check_in.missed', '2027-03-10T08:00:00Z'),
      ev(g.two, 'message.sent', '2027-03-10T08:30:00Z'),
      ev(g.two, 'message.opted_out', '2027-03-10T09:30:00Z'),
      ev(g.two, 'meeting.no_show', '2027-03-10T19:00:00Z'),
    ];
    history.three = [
      ev(g.three, 'meeting.rated', '2027-02-20T00:00:00Z'),
      ev(g.three, 'meeting.attended', '2027-03-10T12:00:00Z'),
      ev(g.three, 'family_session.attended', '2027-03-10T12:00:00Z'),
      ev(g.three, 'family_session.no_show', '2027-03-10T13:00:00Z'),
    ];
    // Another organisation's graduate, busy on the same day: none of it may show in our figures.
    history.stranger = ['check_in.answered', 'message.sent', 'message.failed', 'meeting.attended'].map((kind) =>
      ev(g.stranger, kind as EngagementEventInput['kind'], '2027-03-10T10:00:00Z', other.organisationId),
    );
    await appendEngagementEvents(dataSource.manager, Object.values(history).flat());
    // Two check-ins in a row missed for graduate two; an escalation for graduate three on the day.
    const plan = (await http().post('/check-in-plans').set('authorization', auth).send({ name: `History ${Date.now()}`, offsets: ['P1D', 'P2D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' }).expect(201)).body;
    await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: plan.id, graduateIds: [g.two] }).expect(200);
    await dataSource.query(`UPDATE check_in SET status = 'missed' WHERE graduate_id = $1`, [g.two]);
    await dataSource.query(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, created_at) VALUES ($1, $2, 'escalation', 'urgent', '{use}', $3, '2027-03-10T12:00:00Z')`,
      [staff.organisationId, g.three, `history-${g.three}`],
    );
    await rollup.runDay(staff.organisationId, DAY);
    await rollup.runDay(other.organisationId, DAY);
  });

  afterAll(async () => {
    await api?.close();
  });

  const engagementOf = async (id: string) => (await http().get(`/graduates/${id}/engagement`).set('authorization', auth).expect(200)).body;
  const atRiskAlerts = async () =>
    (await dataSource.query(`SELECT graduate_id, reasons FROM alert WHERE organisation_id = $1 AND kind = 'at_risk' ORDER BY graduate_id, reasons[1]`, [staff.organisationId])) as {
      graduate_id: string;
      reasons: string[];
    }[];

  it('scores each graduate by the documented formula as of the end of the day', async () => {
    // Graduate one: 3 × 0.5^(1/14) (answered a day before the end) + 4 × 0.5^(14/14) (attended 14 days before) = 4.8551 → 100 × 4.8551 / 12 = 40.5.
    const one = await engagementOf(g.one);
    expect(one).toMatchObject({ score: 40.5, day: DAY, lastTouchAt: '2027-03-10T00:00:00.000Z', history: [{ day: DAY, score: 40.5 }] });
    expect(one.score).toBe(engagementScore(scored(history.one), END));
    expect((await engagementOf(g.two)).score).toBe(0);
    // Graduate three: 4 × 0.5^(0.5/14) + 2 × 0.5^(0.5/14) + 1 × 0.5^(19/14) = 6.2433 → 52.0.
    const three = await engagementOf(g.three);
    expect(three.score).toBe(52);
    expect(three.score).toBe(engagementScore(scored(history.three), END));
  });

  it('flags graduates at risk with the reason, each flag raising one alert, not one a night', async () => {
    expect((await engagementOf(g.one)).flags).toEqual([]);
    expect((await engagementOf(g.two)).flags.map((f: { rule: string; reason: string }) => [f.rule, f.reason])).toEqual([
      ['missed_twice', 'the last two check-ins were missed'],
      ['no_touch_21d', 'no touchpoint in the 50 days since follow-up began'],
    ]);
    expect((await engagementOf(g.three)).flags.map((f: { rule: string }) => f.rule)).toEqual(['recent_escalation']);
    expect(await atRiskAlerts()).toHaveLength(3);

    await rollup.runDay(staff.organisationId, DAY);
    await rollup.runDay(staff.organisationId, dayAfter(1));
    expect(await atRiskAlerts()).toHaveLength(3);

    // Eight days on, the escalation is more than 7 days old: that flag clears, quietly.
    await rollup.runDay(staff.organisationId, dayAfter(8));
    expect((await engagementOf(g.three)).flags).toEqual([]);
    expect(await dataSource.query(`SELECT rule, cleared_at FROM engagement_flag WHERE graduate_id = $1`, [g.three])).toEqual([
      { rule: 'recent_escalation', cleared_at: new Date(`${dayAfter(9)}T00:00:00Z`) },
    ]);
    // Fourteen days on, graduate one's score (2.428 → 20.2) is under half its peak of 40.5, and three's
    // (2.925 → 24.4) under half of 52: two drops, two alerts.
    await rollup.runDay(staff.organisationId, dayAfter(14));
    const one = await engagementOf(g.one);
    expect(one.score).toBe(20.2);
    expect(one.flags.map((f: { rule: string; reason: string }) => [f.rule, f.reason])).toEqual([['score_drop', 'engagement score fell from 40.5 to 20.2 within 14 days']]);
    expect((await engagementOf(g.three)).flags.map((f: { reason: string }) => f.reason)).toEqual(['engagement score fell from 52 to 24.4 within 14 days']);
    expect(await atRiskAlerts()).toHaveLength(5);
    expect(one.history.map((h: { day: string }) => h.day)).toEqual([DAY, dayAfter(1), dayAfter(8), dayAfter(14)]);
  });

  it('reports each rate over a date range, by organisation, program and cohort, from the rollup', async () => {
    const rates = async (query: string) => (await http().get(`/reports/rates?${query}`).set('authorization', auth).expect(200)).body;
    const [all] = await rates(`from=${DAY}&to=${DAY}`);
    expect(all).toEqual({
      group: 'all',
      checkInResponse: { numerator: 1, denominator: 3, rate: 0.3333 },
      meetingAttendance: { numerator: 1, denominator: 2, rate: 0.5 },
      familySessionAttendance: { numerator: 1, denominator: 2, rate: 0.5 },
      deliveryFailure: { numerator: 1, denominator: 4, rate: 0.25 },
      optOut: { numerator: 1, denominator: 3, rate: 0.3333 },
    });
    const byProgram = await rates(`from=${DAY}&to=${DAY}&groupBy=program`);
    expect(Object.fromEntries(byProgram.map((r: { group: string; checkInResponse: { rate: number } }) => [r.group, r.checkInResponse.rate]))).toEqual({ [programs.p1]: 0.5, [programs.p2]: 0 });
    const byCohort = await rates(`from=${DAY}&to=${DAY}&groupBy=cohort`);
    expect(byCohort.map((r: { group: string; meetingAttendance: { numerator: number; denominator: number } }) => [r.group, r.meetingAttendance.numerator, r.meetingAttendance.denominator])).toEqual([
      ['2026-12', 1, 1],
      ['2027-01', 0, 1],
    ]);
    const oneCohort = await rates(`from=${DAY}&to=${DAY}&cohort=2027-01`);
    expect(oneCohort[0].optOut).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    // The attendance 14 days earlier falls in a wider range only, once that day is rolled up.
    await rollup.runDay(staff.organisationId, '2027-02-25');
    expect((await rates(`from=2027-02-01&to=${DAY}`))[0].meetingAttendance).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    const empty = await rates(`from=2027-06-01&to=2027-06-30`);
    expect(empty[0].checkInResponse).toEqual({ numerator: 0, denominator: 0, rate: null });

    const csv = await http().get(`/reports/rates?from=${DAY}&to=${DAY}&groupBy=program&format=csv`).set('authorization', auth).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'group,checkInResponseNumerator,checkInResponseDenominator,checkInResponseRate,meetingAttendanceNumerator,meetingAttendanceDenominator,meetingAttendanceRate,familySessionAttendanceNumerator,familySessionAttendanceDenominator,familySessionAttendanceRate,deliveryFailureNumerator,deliveryFailureDenominator,deliveryFailureRate,optOutNumerator,optOutDenominator,optOutRate',
    );
    expect(csv.text).toContain(`${programs.p2},0,1,0,`);

    const bad = await http().get(`/reports/rates?from=${DAY}&to=2027-01-01`).set('authorization', auth).expect(422);
    expect(bad.body.details).toEqual([{ field: 'to', reason: 'must not be before from' }]);
    const shape = await http().get(`/reports/rates?from=yesterday&to=${DAY}&groupBy=team&cohort=2027-13`).set('authorization', auth).expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['cohort', 'from', 'groupBy']);
  });

  it('reports retention at 30–365 days by discharge cohort', async () => {
    const rows = (await http().get('/reports/retention?dischargedFrom=2026-12-01&dischargedTo=2027-01-31').set('authorization', auth).expect(200)).body;
    // As of the latest rollup (March 24). One (Dec 15): engaged at 30 days (Jan 10), not at 60, engaged
    // at 90 (Feb 25, Mar 10). Three (Dec 1): not at 30 or 60, engaged at 90 (a rating on Feb 20).
    // Two (Jan 20): not at 30 or 60 (March 21), 90 not reached.
    expect(rows).toEqual([
      {
        cohort: '2026-12',
        graduates: 2,
        days: {
          d30: { numerator: 1, denominator: 2, rate: 0.5 },
          d60: { numerator: 0, denominator: 2, rate: 0 },
          d90: { numerator: 2, denominator: 2, rate: 1 },
          d180: { numerator: 0, denominator: 0, rate: null },
          d365: { numerator: 0, denominator: 0, rate: null },
        },
      },
      {
        cohort: '2027-01',
        graduates: 1,
        days: {
          d30: { numerator: 0, denominator: 1, rate: 0 },
          d60: { numerator: 0, denominator: 1, rate: 0 },
          d90: { numerator: 0, denominator: 0, rate: null },
          d180: { numerator: 0, denominator: 0, rate: null },
          d365: { numerator: 0, denominator: 0, rate: null },
        },
      },
    ]);
    const csv = await http().get('/reports/retention?dischargedFrom=2026-12-01&dischargedTo=2027-01-31&format=csv').set('authorization', auth).expect(200);
    expect(csv.text.split('\r\n')[1]).toBe('2026-12,2,2,1,0.5,2,0,0,2,2,1,0,0,,0,0,');
  });

  it('shows a graduate’s timeline newest first, by kind and range, paginated; another organisation’s is a 404', async () => {
    const page = (await http().get(`/graduates/${g.one}/timeline?pageSize=3`).set('authorization', auth).expect(200)).body;
    // Seven events of the history, and the alert its score drop raised (stamped with the real clock, so oldest).
    expect(page.total).toBe(8);
    expect(page.items.map((i: { kind: string }) => i.kind)).toEqual(['check_in.missed', 'message.failed', 'message.sent']);
    const answered = (await http().get(`/graduates/${g.one}/timeline?kind=check_in.answered,meeting.attended&from=2027-02-01T00:00:00Z`).set('authorization', auth).expect(200)).body;
    expect(answered.items.map((i: { kind: string; occurredAt: string }) => [i.kind, i.occurredAt])).toEqual([
      ['check_in.answered', '2027-03-10T00:00:00.000Z'],
      ['meeting.attended', '2027-02-25T00:00:00.000Z'],
    ]);
    const bad = await http().get(`/graduates/${g.one}/timeline?kind=check_in.answerd`).set('authorization', auth).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'kind' });
    await http().get(`/graduates/${g.stranger}/timeline`).set('authorization', auth).expect(404);
    await http().get(`/graduates/${g.stranger}/engagement`).set('authorization', auth).expect(404);
  });

  it('streams every touchpoint in a range as CSV, ids and kinds only', async () => {
    const res = await http().get('/reports/engagement-events.csv?from=2027-03-10T00:00:00Z&to=2027-03-11T00:00:00Z').set('authorization', auth).expect(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('occurredAt,graduateId,externalId,kind,refId');
    // 5 + 4 + 3 of ours on the day; the stranger's 4 are another organisation's.
    expect(lines).toHaveLength(1 + 12);
    expect(res.text).not.toContain(g.stranger);
    expect(res.text).not.toMatch(/Sam|History|example\.org/);
  });
});
