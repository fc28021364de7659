import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { WorklistService } from '@continuum/outreach';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const HOUR = 3_600_000;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A coordinator's day: the caseload (assigned in bulk, their list by default), the worklist in
 * its order, items leaving it when acted on, a next step bringing a graduate back, the contact
 * log as engagement events. Another organisation's staff see none of it.
 */
describe('outreach: caseload, worklist, contact log', () => {
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let admin: StaffFixture;
  let coordinator: StaffFixture;
  let adminAuth: string;
  let auth: string;
  const g: Record<'escalationOld' | 'escalationNew' | 'atRisk' | 'missed' | 'silent' | 'nextStep' | 'followUp' | 'calm', string> = {
    escalationOld: '',
    escalationNew: '',
    atRisk: '',
    missed: '',
    silent: '',
    nextStep: '',
    followUp: '',
    calm: '',
  };
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    api = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = api.get(getDataSourceToken());
    admin = await createStaff(dataSource);
    coordinator = await createStaff(dataSource, { organisationId: admin.organisationId, role: 'coordinator' });
    adminAuth = await bearerFor(api, admin);
    auth = await bearerFor(api, coordinator);
    const graduate = async (firstName: string, dischargeDate?: string) =>
      (
        await http()
          .post('/graduates')
          .set('authorization', adminAuth)
          .send({ firstName, lastName: 'Caseload', timezone: 'UTC', email: `${firstName}${Math.random()}@example.org`, ...(dischargeDate ? { dischargeDate } : {}) })
          .expect(201)
      ).body.id as string;
    g.escalationOld = await graduate('Ada');
    g.escalationNew = await graduate('Ben');
    g.atRisk = await graduate('Cy');
    g.missed = await graduate('Di', today());
    g.silent = await graduate('Ed', DateTime.utc().minus({ days: 40 }).toISODate() as string);
    g.nextStep = await graduate('Flo');
    g.followUp = await graduate('Gus', DateTime.utc().minus({ months: 6 }).toISODate() as string);
    g.calm = await graduate('Hal');
  });

  afterAll(async () => {
    await api?.close();
  });

  const worklist = async (authHeader = auth) => (await http().get('/worklist').set('authorization', authHeader).expect(200)).body as { graduateId: string; reason: string; firstName: string; reasons: { reason: string }[] }[];
  const logContact = (graduateId: string, body: object) => http().post(`/graduates/${graduateId}/contact-log`).set('authorization', auth).send(body);

  it('assigns a caseload in bulk, and a coordinator’s list defaults to it', async () => {
    const assigned = await http().post('/caseload/assignments').set('authorization', adminAuth).send({ coordinatorId: coordinator.userId, graduateIds: Object.values(g) }).expect(200);
    expect(assigned.body).toEqual({ assigned: 8 });
    const mine = (await http().get('/graduates?pageSize=50').set('authorization', auth).expect(200)).body;
    expect(mine.items.map((i: { id: string }) => i.id).sort()).toEqual(Object.values(g).sort());
    expect((await http().get('/graduates?caseload=mine').set('authorization', adminAuth).expect(200)).body.total).toBe(0);
    expect((await http().get('/graduates?caseload=all').set('authorization', adminAuth).expect(200)).body.total).toBeGreaterThanOrEqual(8);

    const stranger = await createStaff(dataSource);
    const foreign = await http()
      .post('/caseload/assignments')
      .set('authorization', adminAuth)
      .send({ coordinatorId: stranger.userId, graduateIds: [g.calm, '0b0c0d0e-0000-4000-8000-000000000000'] })
      .expect(422);
    expect(foreign.body.details).toEqual([
      { field: 'coordinatorId', reason: 'is not an enabled staff member of this organisation' },
      { field: 'graduateIds.1', reason: 'is not a graduate of this organisation' },
    ]);
    const [{ coordinator_id: unchanged }] = await dataSource.query(`SELECT coordinator_id FROM graduate WHERE id = $1`, [g.calm]);
    expect(unchanged).toBe(coordinator.userId);
  });

  it('orders the worklist: escalations (longest waiting first), at-risk, missed check-ins, silence, next steps, follow-ups', async () => {
    const org = admin.organisationId;
    await dataSource.query(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, owner_id, created_at)
       VALUES ($1, $2, 'escalation', 'urgent', '{wants_call}', $3, $4, $5), ($1, $6, 'escalation', 'urgent', '{mood_low}', $7, NULL, $8)`,
      [org, g.escalationOld, `wl-${g.escalationOld}`, coordinator.userId, new Date(Date.now() - 3 * HOUR), g.escalationNew, `wl-${g.escalationNew}`, new Date(Date.now() - HOUR)],
    );
    await dataSource.query(`INSERT INTO engagement_flag (organisation_id, graduate_id, rule, reason, raised_at) VALUES ($1, $2, 'score_drop', 'dropped', now() - interval '2 days')`, [org, g.atRisk]);
    const plan = (await http().post('/check-in-plans').set('authorization', adminAuth).send({ name: `Worklist ${Date.now()}`, offsets: ['P1D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' }).expect(201)).body;
    await http().post('/check-in-enrolments').set('authorization', adminAuth).send({ planId: plan.id, graduateIds: [g.missed] }).expect(200);
    await dataSource.query(`UPDATE check_in SET status = 'missed', missed_at = now() - interval '2 days' WHERE graduate_id = $1`, [g.missed]);
    await logContact(g.nextStep, { method: 'call', outcome: 'left_message', nextStepOn: today() }).expect(201);
    // Gus's follow-up window is open; an unanswered call after his last touch means his silence was acted on.
    await logContact(g.followUp, { method: 'call', outcome: 'no_answer' }).expect(201);

    const list = await worklist();
    expect(list.map((i) => [i.firstName, i.reason])).toEqual([
      ['Ada', 'escalation'],
      ['Ben', 'escalation'],
      ['Cy', 'at_risk'],
      ['Di', 'missed_check_in'],
      ['Ed', 'no_touch'],
      ['Flo', 'next_step'],
      ['Gus', 'follow_up'],
    ]);
    expect(list[0]).toMatchObject({ graduateId: g.escalationOld, link: `/graduates/${g.escalationOld}` });
    expect((list[0] as unknown as { waitingMinutes: number }).waitingMinutes).toBeGreaterThanOrEqual(179);
  });

  it('drops items when they are acted on, and a next-step date brings a graduate back that day', async () => {
    const [ada] = (await dataSource.query(`SELECT id FROM alert WHERE graduate_id = $1`, [g.escalationOld])) as { id: string }[];
    await http().patch(`/alerts/${ada.id}`).set('authorization', auth).send({ status: 'acknowledged' }).expect(200);
    await logContact(g.atRisk, { method: 'call', outcome: 'reached', notes: 'Talked for twenty minutes.' }).expect(201);
    await logContact(g.missed, { method: 'text', outcome: 'no_answer' }).expect(201);
    await logContact(g.nextStep, { method: 'call', outcome: 'reached' }).expect(201);
    const nextWeek = DateTime.utc().plus({ days: 2 }).toISODate() as string;
    await logContact(g.silent, { method: 'visit', outcome: 'no_answer', nextStepOn: nextWeek }).expect(201);
    expect((await worklist()).map((i) => i.firstName)).toEqual(['Ben', 'Gus']);

    const service = api.get(WorklistService);
    const actor = { userId: coordinator.userId, organisationId: coordinator.organisationId, role: 'coordinator' as const, ip: null, requestId: null };
    const later = await service.forCoordinator(actor, coordinator.userId, new Date(Date.now() + 3 * 86_400_000));
    expect(later.find((i) => i.graduateId === g.silent)?.reasons.map((r) => r.reason)).toContain('next_step');

    const events = await dataSource.query(`SELECT kind, payload FROM engagement_event WHERE graduate_id = $1 AND kind LIKE 'outreach.%'`, [g.atRisk]);
    expect(events).toEqual([{ kind: 'outreach.reached', payload: { method: 'call', outcome: 'reached' } }]);
    const history = (await http().get(`/graduates/${g.nextStep}/contact-log`).set('authorization', auth).expect(200)).body;
    expect(history.items.map((i: { outcome: string }) => i.outcome)).toEqual(['reached', 'left_message']);
  });

  it('refuses bad contact log entries and another coordinator’s worklist, and shows another organisation nothing', async () => {
    const bad = await logContact(g.calm, { method: 'pigeon', outcome: 'reached' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'method', reason: 'must be one of call, text, visit, voicemail, email' }]);
    const past = await logContact(g.calm, { method: 'call', outcome: 'reached', nextStepOn: '2020-01-01' }).expect(422);
    expect(past.body.details).toEqual([{ field: 'nextStepOn', reason: 'must be today or later' }]);
    await http().get(`/worklist?coordinatorId=${admin.userId}`).set('authorization', auth).expect(403);
    expect((await http().get(`/worklist?coordinatorId=${coordinator.userId}`).set('authorization', adminAuth).expect(200)).body.length).toBeGreaterThan(0);
    const intruder = await bearerFor(api, await createStaff(dataSource));
    expect(await worklist(intruder)).toEqual([]);
    await http().get(`/graduates/${g.calm}/contact-log`).set('authorization', intruder).expect(404);
    await http().post(`/graduates/${g.calm}/contact-log`).set('authorization', intruder).send({ method: 'call', outcome: 'reached' }).expect(404);
  });
});
