import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { CheckInSweeper } from '@continuum/check-ins';
import type { AppConfig } from '@continuum/config';
import { createStaff, expectEventually, FakeTwilio, postSignedForm, type StaffFixture, testConfig } from '@continuum/testing';
import { freePort, startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';
import { graduateWithConsent, uniquePhone, zoneWhereLocalHourIs } from './support/people';

/**
 * Check-ins end to end: plans → enrolment → prompts through the real twilio client to a fake
 * Twilio → answers by SMS (signed inbound webhooks) and through the form → alerts, pages and 988.
 */
describe('post-IOP check-ins', () => {
  const twilio = new FakeTwilio();
  let config: AppConfig;
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  let base: string;
  let onCall: { id: string; phone: string; email: string };
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    await twilio.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    config = testConfig({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...twilio.env(),
      TWILIO_TIMEOUT_MS: '1000',
      PUBLIC_BASE_URL: base,
      SMS_RATE_PER_SECOND: '50',
      EMAIL_RATE_PER_SECOND: '50',
      SMS_PER_DAY: '50',
      SMS_PER_WEEK: '50',
    });
    api = await startApi(config);
    await api.listen(port, '127.0.0.1');
    worker = await startWorker(config);
    dataSource = api.get(getDataSourceToken());
    staff = await createStaff(dataSource);
    auth = await bearerFor(api, staff);
    const coordinator = await http()
      .post('/staff')
      .set('authorization', auth)
      .send({ email: `oncall-${Date.now()}@example.test`, displayName: 'Pat On-Call', role: 'coordinator', password: 'a long enough password 1' })
      .expect(201);
    const phone = uniquePhone();
    await http().patch(`/staff/${coordinator.body.id}`).set('authorization', auth).send({ phone, onCall: true }).expect(200);
    onCall = { id: coordinator.body.id, phone, email: coordinator.body.email };
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio.stop();
  });

  const noon = () => zoneWhereLocalHourIs(12);
  const today = () => new Date().toISOString().slice(0, 10);
  const texts = (phone: string | null) => twilio.messages.filter((m) => m.to === phone);
  const linkIn = (body: string) => /\/c\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? null;
  const plan = async (definition: object, name = `plan ${Math.random()}`) =>
    (await http().post('/check-in-plans').set('authorization', auth).send({ name, ...definition }).expect(201)).body as { id: string };
  const enrol = async (planId: string, graduateIds: string[]) =>
    (await http().post('/check-in-enrolments').set('authorization', auth).send({ planId, graduateIds }).expect(200)).body;
  const checkIns = async (graduateId: string) => (await http().get(`/graduates/${graduateId}/check-ins`).set('authorization', auth).expect(200)).body;
  const inbound = (from: string, body: string) =>
    postSignedForm(`${base}/webhooks/twilio/inbound`, { MessageSid: `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`, From: from, To: '+15555550100', Body: body, AccountSid: twilio.accountSid }, twilio.authToken);
  /** A graduate on a plan whose first check-in is due a second after enrolment, with its prompt received. */
  const promptedGraduate = async (extra: object = {}, phone?: string) => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), dischargeDate: today(), ...(phone ? { phone } : {}) });
    const p = await plan({ offsets: ['PT1S', 'PT1H'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H', ...extra });
    await enrol(p.id, [graduate.id]);
    await expectEventually(async () => expect(texts(graduate.phone)).toHaveLength(1), { timeoutMs: 10_000 });
    return { graduate, planId: p.id, prompt: texts(graduate.phone)[0] };
  };
  const alertsOf = async (graduateId: string) =>
    (await http().get(`/alerts?graduateId=${graduateId}`).set('authorization', auth).expect(200)).body.items as { id: string; kind: string; reasons: string[]; urgency: string; ownerId: string | null }[];

  it('materialises check-ins at the plan’s local time on both sides of a DST change', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: 'America/New_York', dischargeDate: '2027-03-11' });
    const p = await plan({ offsets: ['P1D', 'P2D', 'P3D', 'P4D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P2D' });
    const report = await enrol(p.id, [graduate.id]);
    expect(report).toMatchObject({ enrolled: 1, checkIns: 4, skipped: [] });
    const listed = await checkIns(graduate.id);
    // 2027-03-14 is the spring-forward Sunday in New York: 10:00 is 15:00 UTC before it, 14:00 after.
    expect(listed.map((c: { dueAt: string }) => c.dueAt)).toEqual([
      '2027-03-12T15:00:00.000Z',
      '2027-03-13T15:00:00.000Z',
      '2027-03-14T14:00:00.000Z',
      '2027-03-15T14:00:00.000Z',
    ]);
    expect(listed[0]).toMatchObject({ status: 'scheduled', channel: 'sms', message: { channel: 'sms' } });
    expect(listed[0].message.text).toContain('/c/(private link made when sent)');
    expect(listed[0].message.text).not.toMatch(/recovery|rehab|addiction|sober|treatment/i);
  });

  it('lists the organisation’s check-ins due in [from, to), soonest first, by caseload, and refuses a bad window naming the field', async () => {
    // An organisation of its own, so the list holds exactly what this test made.
    const owner = await createStaff(dataSource);
    const ownerAuth = await bearerFor(api, owner);
    const coordinator = await createStaff(dataSource, { organisationId: owner.organisationId, role: 'coordinator' });
    const coordinatorAuth = await bearerFor(api, coordinator);
    const planAs = async (as: string, definition: object) =>
      (await http().post('/check-in-plans').set('authorization', as).send({ name: `due ${Math.random()}`, nudgeAfter: null, missedAfter: 'P1D', ...definition }).expect(201)).body as { id: string };
    const enrolAs = async (as: string, planId: string, graduateIds: string[]) =>
      expect((await http().post('/check-in-enrolments').set('authorization', as).send({ planId, graduateIds }).expect(200)).body).toMatchObject({ enrolled: graduateIds.length });

    const robin = await graduateWithConsent(api, ownerAuth, { timezone: 'UTC', dischargeDate: '2029-06-10' });
    const sunny = await graduateWithConsent(api, ownerAuth, { timezone: 'UTC', dischargeDate: '2029-06-10' });
    await http().patch(`/graduates/${sunny.id}`).set('authorization', ownerAuth).send({ preferredName: 'Sunny' }).expect(200);
    await http().put(`/graduates/${sunny.id}/coordinator`).set('authorization', ownerAuth).send({ coordinatorId: coordinator.userId }).expect(200);
    // Robin: 06-11 10:00, 06-12 10:00, 07-20 10:00. Sunny: 06-11 09:00, 06-13 09:00 (UTC).
    await enrolAs(ownerAuth, (await planAs(ownerAuth, { offsets: ['P1D', 'P2D', 'P40D'], localTime: '10:00' })).id, [robin.id]);
    await enrolAs(ownerAuth, (await planAs(ownerAuth, { offsets: ['P1D', 'P3D'], localTime: '09:00' })).id, [sunny.id]);
    // An UPDATE answers [rows, count].
    const [[answered]] = await dataSource.query(
      `UPDATE check_in SET status = 'answered', answered_at = '2029-06-11T09:30:00Z' WHERE graduate_id = $1 AND due_at = '2029-06-11T09:00:00Z' RETURNING id`,
      [sunny.id],
    );

    // Another organisation's check-in in the same window never shows.
    const otherAuth = await bearerFor(api, await createStaff(dataSource));
    const theirs = await graduateWithConsent(api, otherAuth, { timezone: 'UTC', dischargeDate: '2029-06-10' });
    await enrolAs(otherAuth, (await planAs(otherAuth, { offsets: ['P1D'], localTime: '11:00' })).id, [theirs.id]);

    const due = async (as: string, query: string) => (await http().get(`/check-ins?${query}`).set('authorization', as).expect(200)).body as { graduateId: string; dueAt: string }[];
    // `from` is inclusive (Sunny's 09:00), `to` exclusive (Robin's 06-12 10:00 is left out).
    const window = 'from=2029-06-11T09:00:00Z&to=2029-06-12T10:00:00Z';
    const listed = await due(ownerAuth, window);
    expect(listed).toEqual([
      { id: answered.id, graduateId: sunny.id, firstName: 'Sunny', dueAt: '2029-06-11T09:00:00.000Z', status: 'answered', channel: 'sms', answeredAt: '2029-06-11T09:30:00.000Z' },
      { id: expect.any(String), graduateId: robin.id, firstName: 'Robin', dueAt: '2029-06-11T10:00:00.000Z', status: 'scheduled', channel: 'sms', answeredAt: null },
    ]);
    expect((await due(ownerAuth, 'from=2029-06-11T00:00:00Z&to=2029-06-14T00:00:00Z')).map((c) => [c.graduateId, c.dueAt])).toEqual([
      [sunny.id, '2029-06-11T09:00:00.000Z'],
      [robin.id, '2029-06-11T10:00:00.000Z'],
      [robin.id, '2029-06-12T10:00:00.000Z'],
      [sunny.id, '2029-06-13T09:00:00.000Z'],
    ]);
    expect((await due(otherAuth, window)).map((c) => c.graduateId)).toEqual([theirs.id]);

    // caseload=mine: the caller's own graduates; the default is everyone's, for a coordinator too.
    expect((await due(coordinatorAuth, `${window}&caseload=mine`)).map((c) => c.graduateId)).toEqual([sunny.id]);
    expect((await due(coordinatorAuth, window)).map((c) => c.graduateId)).toEqual([sunny.id, robin.id]);
    expect((await due(coordinatorAuth, `${window}&caseload=all`)).map((c) => c.graduateId)).toEqual([sunny.id, robin.id]);
    expect(await due(ownerAuth, `${window}&caseload=mine`)).toEqual([]);

    // One event per list, newest first: the last is the owner's first list.
    const events = (await http().get('/audit-events?action=check-in.due-list').set('authorization', ownerAuth).expect(200)).body as { actorId: string; detail: { filters: string[]; returned: string[] } }[];
    expect(events.map((e) => [e.actorId, e.detail.filters, e.detail.returned.length]).reverse()).toEqual([
      [owner.userId, [], 2],
      [owner.userId, [], 2],
      [coordinator.userId, ['caseload'], 1],
      [coordinator.userId, [], 2],
      [coordinator.userId, [], 2],
      [owner.userId, ['caseload'], 0],
    ]);
    expect(events.at(-1)).toMatchObject({
      subjectType: 'check-in',
      subjectId: null,
      detail: { from: '2029-06-11T09:00:00.000Z', to: '2029-06-12T10:00:00.000Z', filters: [], returned: [sunny.id, robin.id] },
    });

    const refused = async (query: string) => (await http().get(`/check-ins?${query}`).set('authorization', ownerAuth).expect(400)).body;
    expect((await refused('to=2029-06-12T00:00:00Z')).details).toEqual([{ field: 'from', reason: 'must be an ISO 8601 date-time' }]);
    expect((await refused('from=2029-06-12T00:00:00Z')).details).toEqual([{ field: 'to', reason: 'must be an ISO 8601 date-time' }]);
    expect(await refused('from=2029-06-12T00:00:00Z&to=2029-06-12T00:00:00Z')).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details: [{ field: 'to', reason: 'must be after from' }],
      requestId: expect.any(String),
    });
    expect((await refused('from=2029-06-12T00:00:00Z&to=2029-06-01T00:00:00Z')).details).toEqual([{ field: 'to', reason: 'must be after from' }]);
    expect((await refused('from=2029-06-01T00:00:00Z&to=2029-07-02T00:00:01Z')).details).toEqual([{ field: 'to', reason: 'must be at most 31 days after from' }]);
    expect((await refused('from=yesterday&to=2029-06-12T00:00:00Z')).details).toEqual([{ field: 'from', reason: 'must be an ISO 8601 date-time' }]);
    expect((await refused(`${window}&caseload=theirs`)).details).toEqual([{ field: 'caseload', reason: 'must be mine or all' }]);
    await http().get('/check-ins?from=2029-06-01T00:00:00Z&to=2029-07-02T00:00:00Z').set('authorization', ownerAuth).expect(200);
  });

  it('previews a plan for a graduate without enrolling them, on the plan’s channel when they can be reached on it', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' });
    const emailPlan = await plan({ offsets: ['P1D', 'P2D'], localTime: '09:30', nudgeAfter: null, missedAfter: 'P1D', channel: 'email' });
    const preview = (await http().get(`/graduates/${graduate.id}/check-ins?planId=${emailPlan.id}`).set('authorization', auth).expect(200)).body;
    expect(preview.map((c: { dueAt: string; status: string; channel: string }) => [c.dueAt, c.status, c.channel])).toEqual([
      ['2027-01-11T09:30:00.000Z', 'preview', 'email'],
      ['2027-01-12T09:30:00.000Z', 'preview', 'email'],
    ]);
    expect(preview[0].message).toMatchObject({ channel: 'email', subject: 'How are you doing this week?' });
    expect(await checkIns(graduate.id)).toEqual([]);
    const bad = await http().post('/check-in-plans').set('authorization', auth).send({ name: 'bad channel', protocol: 'tmac@1', channel: 'fax' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'channel', reason: 'must be sms, email or null' }]);
  });

  it('re-plans unsent check-ins when the discharge date changes, and cancels their prompts', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' });
    const p = await plan({ offsets: ['P1D', 'P7D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P2D' });
    await enrol(p.id, [graduate.id]);
    const before = await checkIns(graduate.id);
    // The sweep of the morning of the second check-in has written both prompts.
    await worker.get(CheckInSweeper).sweep(new Date('2027-01-17T09:00:00Z'));
    const prompted = await dataSource.query(`SELECT count(*)::int AS n FROM check_in WHERE graduate_id = $1 AND delivery_id IS NOT NULL`, [graduate.id]);
    expect(prompted).toEqual([{ n: 2 }]);
    await http().patch(`/graduates/${graduate.id}`).set('authorization', auth).send({ dischargeDate: '2027-02-01' }).expect(200);
    const after = await checkIns(graduate.id);
    const live = after.filter((c: { status: string }) => c.status === 'scheduled');
    expect(live.map((c: { dueAt: string }) => c.dueAt)).toEqual(['2027-02-02T10:00:00.000Z', '2027-02-08T10:00:00.000Z']);
    const old = after.filter((c: { id: string }) => before.some((b: { id: string }) => b.id === c.id));
    expect(old.map((c: { status: string; cancelReason: string }) => [c.status, c.cancelReason])).toEqual([
      ['cancelled', 'replanned'],
      ['cancelled', 'replanned'],
    ]);
    const prompts = await dataSource.query(`SELECT status, error_code FROM delivery WHERE graduate_id = $1 ORDER BY created_at`, [graduate.id]);
    // The new plan's check-ins are weeks away: their prompts are not written yet.
    expect(prompts).toEqual([
      { status: 'cancelled', error_code: 'replanned' },
      { status: 'cancelled', error_code: 'replanned' },
    ]);
  });

  it('writes a prompt when its check-in comes within two hours: at enrolment for the near ones, by the sweep for the rest, once', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' });
    const p = await plan({ offsets: ['P1D', 'P7D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P2D' });
    await enrol(p.id, [graduate.id]);
    const rows = () =>
      dataSource.query(
        `SELECT c.due_at, d.due_at AS prompt_due_at, d.send_after, d.not_after, d.status, d.kind, d.idempotency_key = 'check-in:' || c.id AS keyed
           FROM check_in c LEFT JOIN delivery d ON d.id = c.delivery_id WHERE c.graduate_id = $1 ORDER BY c.sequence`,
        [graduate.id],
      );
    const unwritten = { prompt_due_at: null, send_after: null, not_after: null, status: null, kind: null, keyed: null };
    expect(await rows()).toEqual([
      { due_at: new Date('2027-01-11T10:00:00Z'), ...unwritten },
      { due_at: new Date('2027-01-17T10:00:00Z'), ...unwritten },
    ]);
    const sweeper = worker.get(CheckInSweeper);
    // Two hours and a minute before the first: not yet; two hours before: written, for its own time.
    await sweeper.sweep(new Date('2027-01-11T07:59:00Z'));
    expect((await rows())[0]).toMatchObject(unwritten);
    await sweeper.sweep(new Date('2027-01-11T08:00:00Z'));
    const first = {
      due_at: new Date('2027-01-11T10:00:00Z'),
      prompt_due_at: new Date('2027-01-11T10:00:00Z'),
      send_after: new Date('2027-01-11T10:00:00Z'),
      not_after: new Date('2027-01-13T10:00:00Z'),
      status: 'pending',
      kind: 'check_in.prompt',
      keyed: true,
    };
    expect(await rows()).toEqual([first, { due_at: new Date('2027-01-17T10:00:00Z'), ...unwritten }]);
    // A second sweep writes nothing again.
    await sweeper.sweep(new Date('2027-01-11T08:00:00Z'));
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM delivery WHERE graduate_id = $1`, [graduate.id])).toEqual([{ n: 1 }]);
    // Pausing cancels the written prompt and the unwritten check-in alike; no sweep writes for it after.
    await http().patch(`/graduates/${graduate.id}/check-in-enrolment`).set('authorization', auth).send({ status: 'paused' }).expect(200);
    await sweeper.sweep(new Date('2027-01-17T09:00:00Z'));
    expect((await checkIns(graduate.id)).map((c: { status: string }) => c.status)).toEqual(['cancelled', 'cancelled']);
    expect(await dataSource.query(`SELECT status, error_code FROM delivery WHERE graduate_id = $1`, [graduate.id])).toEqual([{ status: 'cancelled', error_code: 'paused' }]);
  });

  it('re-plans when a CSV re-import changes the discharge date', async () => {
    const externalId = `REPLAN-${Date.now()}`;
    const file = (discharge: string) => `externalId,firstName,lastName,timezone,phone,dischargeDate\n${externalId},Rae,Import,UTC,${uniquePhone()},${discharge}\n`;
    const importCsv = (body: string) => http().post('/graduates/import').set('authorization', auth).set('content-type', 'text/csv').send(body).expect(200);
    await importCsv(file('2027-01-10'));
    const graduate = (await http().get(`/graduates?search=${externalId}`).set('authorization', auth).expect(200)).body.items[0];
    const p = await plan({ offsets: ['P1D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' });
    await enrol(p.id, [graduate.id]);
    expect((await importCsv(file('2027-03-01'))).body).toMatchObject({ updated: 1 });
    const listed = await checkIns(graduate.id);
    expect(listed.map((c: { status: string; dueAt: string }) => [c.status, c.dueAt])).toEqual([
      ['cancelled', '2027-01-11T10:00:00.000Z'],
      ['scheduled', '2027-03-02T10:00:00.000Z'],
    ]);
  });

  it('keeps a check-in to its enrolment’s graduate and organisation (one key holds all three)', async () => {
    const [a, b] = [await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' }), await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' })];
    const p = await plan({ offsets: ['P1D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' });
    await enrol(p.id, [a.id]);
    const [enrolment] = await dataSource.query(`SELECT id, organisation_id FROM check_in_enrolment WHERE graduate_id = $1`, [a.id]);
    const insert = (graduateId: string, organisationId: string) =>
      dataSource.query(
        `INSERT INTO check_in (organisation_id, graduate_id, enrolment_id, sequence, "offset", channel, due_at, status) VALUES ($1, $2, $3, 9, 'P9D', 'sms', now() + interval '30 days', 'scheduled')`,
        [organisationId, graduateId, enrolment.id],
      );
    await expect(insert(b.id, enrolment.organisation_id)).rejects.toMatchObject({ code: '23503', constraint: 'fk_check_in_enrolment' });
    const [other] = await dataSource.query(`INSERT INTO organisation (name, slug) VALUES ('Elsewhere', $1) RETURNING id`, [`elsewhere-${Date.now()}`]);
    await expect(insert(a.id, other.id)).rejects.toMatchObject({ code: '23503', constraint: 'fk_check_in_enrolment' });
    await insert(a.id, enrolment.organisation_id);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM check_in WHERE enrolment_id = $1`, [enrolment.id])).toEqual([{ n: 2 }]);
  });

  it('pauses and resumes: a paused graduate has nothing scheduled, and resuming plans from now', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: 'UTC', dischargeDate: '2027-01-10' });
    const p = await plan({ offsets: ['P1D', 'P2D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' });
    await enrol(p.id, [graduate.id]);
    await http().patch(`/graduates/${graduate.id}/check-in-enrolment`).set('authorization', auth).send({ status: 'paused' }).expect(200);
    expect((await checkIns(graduate.id)).filter((c: { status: string }) => c.status === 'scheduled')).toEqual([]);
    const resumed = await http().patch(`/graduates/${graduate.id}/check-in-enrolment`).set('authorization', auth).send({ status: 'active' }).expect(200);
    expect(resumed.body).toMatchObject({ status: 'active', planId: p.id });
    expect((await checkIns(graduate.id)).filter((c: { status: string }) => c.status === 'scheduled')).toHaveLength(2);
  });

  it('refuses enrolment input with 4xx naming the field, and hides other organisations’ graduates', async () => {
    const p = await plan({ offsets: ['P1D'], localTime: '10:00', nudgeAfter: null, missedAfter: 'P1D' });
    const bad = await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: p.id, graduateIds: ['not-a-uuid'] }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'graduateIds' })]);
    const none = await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: p.id }).expect(422);
    expect(none.body.details).toEqual([{ field: 'graduateIds', reason: 'give exactly one of graduateIds, programId or cohort' }]);
    const other = await createStaff(dataSource);
    const otherAuth = await bearerFor(api, other);
    const theirs = await graduateWithConsent(api, otherAuth, { dischargeDate: '2027-01-01' });
    const refused = await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: p.id, graduateIds: [theirs.id] }).expect(422);
    expect(refused.body.details).toEqual([{ field: 'graduateIds.0', reason: 'is not a graduate of this organisation' }]);
    await http().get(`/graduates/${theirs.id}/check-ins`).set('authorization', auth).expect(404);
    const noDate = await graduateWithConsent(api, auth, {});
    expect(await enrol(p.id, [noDate.id])).toMatchObject({ enrolled: 0, skipped: [{ graduateId: noDate.id, reason: 'graduate has no discharge date' }] });
  });

  it('sends a prompt with a private link; an SMS reply "4" is recorded as the answer, without an alert', async () => {
    const { graduate, prompt } = await promptedGraduate();
    expect(prompt.body).toMatch(new RegExp(`${base}/c/[A-Za-z0-9_-]{43}`));
    expect(prompt.body).not.toMatch(/recovery|rehab|addiction|sober|treatment/i);
    const reply = await inbound(graduate.phone as string, '4');
    expect(reply.body).toContain('Thank you for answering.');
    const [first] = await checkIns(graduate.id);
    expect(first).toMatchObject({ status: 'answered' });
    const [answer] = await dataSource.query(`SELECT source, mood, escalation_reasons FROM check_in_answer WHERE graduate_id = $1`, [graduate.id]);
    expect(answer).toEqual({ source: 'sms', mood: 4, escalation_reasons: [] });
    expect(await alertsOf(graduate.id)).toEqual([]);
    const events = await dataSource.query(`SELECT kind FROM engagement_event WHERE graduate_id = $1 ORDER BY id`, [graduate.id]);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['message.sent', 'check_in.answered']);
  });

  it('routes a reply from a phone two graduates share to the one with an open check-in', async () => {
    // The sibling was registered first, so a lookup by phone finds them first.
    const sibling = await graduateWithConsent(api, auth, { timezone: noon(), phone: uniquePhone() });
    const { graduate } = await promptedGraduate({}, sibling.phone as string);
    const reply = await inbound(graduate.phone as string, '3');
    expect(reply.body).toContain('Thank you for answering.');
    expect(await dataSource.query(`SELECT graduate_id, mood FROM check_in_answer WHERE graduate_id = ANY($1)`, [[graduate.id, sibling.id]])).toEqual([
      { graduate_id: graduate.id, mood: 3 },
    ]);
  });

  it('records a form answer once; the used link then shows a page that says so, and an unknown one 404', async () => {
    const { graduate, prompt } = await promptedGraduate();
    const token = linkIn(prompt.body) as string;
    const form = await http().get(`/c/${token}`).expect(200);
    expect(form.text).toContain('<form method="post"');
    expect(form.text).not.toContain('<script');
    const incomplete = await http().post(`/c/${token}`).type('form').send({ mood: '9' }).expect(400);
    expect(incomplete.text).toContain('role="alert"');
    await http().post(`/c/${token}`).type('form').send({ mood: '4', craving: '2', used: 'no', text: 'Busy week' }).expect(200);
    const [answer] = await dataSource.query(`SELECT source, mood, craving, used_since_last, wants_call, text FROM check_in_answer WHERE graduate_id = $1`, [graduate.id]);
    expect(answer).toEqual({ source: 'form', mood: 4, craving: 2, used_since_last: false, wants_call: false, text: 'Busy week' });
    const again = await http().post(`/c/${token}`).type('form').send({ mood: '1', craving: '9', used: 'yes' }).expect(410);
    expect(again.text).toMatch(/already been answered/i);
    expect((await http().get(`/c/${token}`).expect(410)).text).toMatch(/already been answered/i);
    await http().get(`/c/${'A'.repeat(43)}`).expect(404);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM check_in_answer WHERE graduate_id = $1`, [graduate.id])).toEqual([{ n: 1 }]);
  });

  it('refuses an expired link with a page that says so', async () => {
    const { prompt } = await promptedGraduate();
    const token = linkIn(prompt.body) as string;
    // The provider's id lands on the delivery just after the text reaches the fake Twilio: wait for it.
    await expectEventually(async () => {
      const [, expired] = await dataSource.query(
        `UPDATE link_token SET expires_at = now() - interval '1 second' WHERE purpose = 'check-in.answer' AND claims->>'checkInId' IN (SELECT id::text FROM check_in WHERE delivery_id IN (SELECT id FROM delivery WHERE provider_id = $1))`,
        [prompt.sid],
      );
      expect(expired).toBe(1);
    });
    const page = await http().get(`/c/${token}`).expect(410);
    expect(page.text).toMatch(/expired/i);
    await http().post(`/c/${token}`).type('form').send({ mood: '3', craving: '1', used: 'no' }).expect(410);
  });

  it('thanks a calm answer without crisis resources', async () => {
    const { graduate, prompt } = await promptedGraduate();
    const page = await http().post(`/c/${linkIn(prompt.body)}`).type('form').send({ mood: '4', craving: '3', used: 'no' }).expect(200);
    expect(page.text).not.toContain('988');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(texts(graduate.phone)).toHaveLength(1);
  });

  it.each([
    ['reported use', { mood: '3', craving: '2', used: 'yes' }, ['reported_use']],
    ['craving of 8', { mood: '3', craving: '8', used: 'no' }, ['high_craving']],
    ['mood 1', { mood: '1', craving: '0', used: 'no' }, ['low_mood']],
    ['a request for a call', { mood: '3', craving: '0', used: 'no', call: 'yes' }, ['asked_for_call']],
    ['crisis words', { mood: '2', craving: '0', used: 'no', text: 'I want to kill myself' }, ['crisis_words']],
  ])('escalates %s: an urgent alert, the on-call coordinator paged by SMS and email within 60 s, and 988 sent back', async (_label, answer, reasons) => {
    const { graduate, prompt } = await promptedGraduate();
    const answeredAt = Date.now();
    const page = await http().post(`/c/${linkIn(prompt.body)}`).type('form').send(answer).expect(200);
    expect(page.text).toContain('988');
    const [alert] = await alertsOf(graduate.id);
    expect(alert).toMatchObject({ kind: 'escalation', urgency: 'urgent', reasons, ownerId: onCall.id });
    await expectEventually(async () => {
      const pages = await dataSource.query(
        `SELECT channel, status, submitted_at FROM delivery WHERE staff_user_id = $1 AND idempotency_key LIKE $2 ORDER BY channel`,
        [onCall.id, `alert-page:${alert.id}:%`],
      );
      expect(pages.map((p: { channel: string; status: string }) => [p.channel, p.status])).toEqual([
        ['email', 'sent'],
        ['sms', 'sent'],
      ]);
      for (const p of pages) expect(new Date(p.submitted_at).getTime() - answeredAt).toBeLessThan(60_000);
    }, { timeoutMs: 15_000 });
    // The delivery log says who each message went to: the pages to the on-call coordinator, the prompts to the graduate.
    const log = (await http().get(`/deliveries?graduateId=${graduate.id}`).set('authorization', auth).expect(200)).body as { kind: string; staffUserId: string | null }[];
    expect(log.filter((d) => d.kind === 'alert.page').map((d) => d.staffUserId)).toEqual([onCall.id, onCall.id]);
    expect(new Set(log.filter((d) => d.kind === 'check_in.prompt').map((d) => d.staffUserId))).toEqual(new Set([null]));
    const pageText = texts(onCall.phone).at(-1)?.body ?? '';
    expect(pageText).toContain('urgent alert');
    expect(pageText).not.toContain(graduate.phone as string);
    await expectEventually(async () => expect(texts(graduate.phone).filter((m) => m.body.includes('call or text 988'))).toHaveLength(1), { timeoutMs: 10_000 });
  });

  it('escalates crisis words in an SMS reply and texts back the 988 line', async () => {
    const { graduate } = await promptedGraduate();
    await inbound(graduate.phone as string, 'honestly thinking about suicide');
    const [alert] = await alertsOf(graduate.id);
    expect(alert).toMatchObject({ kind: 'escalation', reasons: ['crisis_words'] });
    await expectEventually(async () => expect(texts(graduate.phone).some((m) => m.body.includes('call or text 988'))).toBe(true), { timeoutMs: 10_000 });
    // The alert says why in codes; the words stay in the answer, which only staff can read.
    expect(JSON.stringify(alert)).not.toContain('suicide');
  });

  it('escalates PHQ-9 item 9 above 0 on an instrument check-in, and keeps the score', async () => {
    const { graduate, prompt } = await promptedGraduate({ instruments: { '0': 'phq9' } });
    const token = linkIn(prompt.body) as string;
    const form = await http().get(`/c/${token}`).expect(200);
    expect(form.text).toContain('name="q9"');
    const responses = Object.fromEntries(Array.from({ length: 9 }, (_v, i) => [`q${i + 1}`, i === 8 ? '1' : '0']));
    const page = await http().post(`/c/${token}`).type('form').send(responses).expect(200);
    expect(page.text).toContain('988');
    const [answer] = await dataSource.query(`SELECT instrument, score->>'total' AS total, escalation_reasons FROM check_in_answer WHERE graduate_id = $1`, [graduate.id]);
    expect(answer).toEqual({ instrument: 'phq9', total: '1', escalation_reasons: ['self_harm_item'] });
    expect((await alertsOf(graduate.id))[0]).toMatchObject({ reasons: ['self_harm_item'] });
    const scores = await http().get(`/graduates/${graduate.id}/instrument-scores?instrument=phq9`).set('authorization', auth).expect(200);
    expect(scores.body).toEqual([
      { checkInId: expect.any(String), instrument: 'phq9', answeredAt: expect.any(String), score: { key: 'phq9', total: 1, band: 'minimal', flags: ['self_harm_item'] } },
    ]);
    expect((await http().get(`/graduates/${graduate.id}/instrument-scores?instrument=gad7`).set('authorization', auth).expect(200)).body).toEqual([]);
    await http().get(`/graduates/${graduate.id}/instrument-scores?instrument=phq10`).set('authorization', auth).expect(400);
  });

  it('gives alerts to the graduate’s own coordinator when one is assigned, and lists graduates by risk', async () => {
    const coordinator = await http()
      .post('/staff')
      .set('authorization', auth)
      .send({ email: `owner-${Date.now()}@example.test`, displayName: 'Sam Owner', role: 'coordinator', password: 'a long enough password 2' })
      .expect(201);
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), dischargeDate: today() });
    const assigned = await http().put(`/graduates/${graduate.id}/coordinator`).set('authorization', auth).send({ coordinatorId: coordinator.body.id }).expect(200);
    expect(assigned.body.coordinatorId).toBe(coordinator.body.id);
    const stranger = await createStaff(dataSource);
    const refused = await http().put(`/graduates/${graduate.id}/coordinator`).set('authorization', auth).send({ coordinatorId: stranger.userId }).expect(422);
    expect(refused.body.details).toEqual([{ field: 'coordinatorId', reason: 'is not an enabled staff member of this organisation' }]);

    const p = await plan({ offsets: ['PT1S', 'PT1H'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H' });
    await enrol(p.id, [graduate.id]);
    await expectEventually(async () => expect(texts(graduate.phone)).toHaveLength(1), { timeoutMs: 10_000 });
    const listed = async (risk: string) =>
      ((await http().get(`/graduates?risk=${risk}&pageSize=200`).set('authorization', auth).expect(200)).body.items as { id: string }[]).map((g) => g.id);
    // A name of their own, so a search finds just them.
    const lastName = `Flagged${Date.now()}`;
    await http().patch(`/graduates/${graduate.id}`).set('authorization', auth).send({ firstName: 'Rosalind', lastName }).expect(200);
    /** The graduate's own row of the unfiltered list carries the same flag the filter uses. */
    const flagOf = async () => {
      const items = (await http().get(`/graduates?search=${lastName}`).set('authorization', auth).expect(200)).body.items as { id: string; risk: string | null }[];
      return items.find((g) => g.id === graduate.id)?.risk;
    };
    expect(await listed('at_risk')).not.toContain(graduate.id);
    expect(await flagOf()).toBeNull();
    await http().post(`/c/${linkIn(texts(graduate.phone)[0].body)}`).type('form').send({ mood: '3', craving: '9', used: 'no' }).expect(200);
    const [alert] = await alertsOf(graduate.id);
    // Owned by their coordinator; the on-call coordinator is still the one paged.
    expect(alert).toMatchObject({ ownerId: coordinator.body.id, urgency: 'urgent' });
    // The list names whom an alert is about (first name only), so a dashboard need not ask again.
    expect((alert as unknown as { firstName: string }).firstName).toBe('Rosalind');
    expect(await listed('at_risk')).toContain(graduate.id);
    expect(await listed('urgent')).toContain(graduate.id);
    expect(await flagOf()).toBe('urgent');
    await http().patch(`/alerts/${alert.id}`).set('authorization', auth).send({ status: 'acknowledged' }).expect(200);
    expect(await listed('urgent')).not.toContain(graduate.id);
    expect(await listed('at_risk')).toContain(graduate.id);
    expect(await flagOf()).toBe('at_risk');
    await http().patch(`/alerts/${alert.id}`).set('authorization', auth).send({ status: 'resolved' }).expect(200);
    expect(await listed('at_risk')).not.toContain(graduate.id);
    expect(await flagOf()).toBeNull();
    const bad = await http().get('/graduates?risk=high').set('authorization', auth).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'risk' })]);
  });

  it('moves the next check-in closer after an answer that shows need, and further after one that does not (adaptive plan)', async () => {
    const adaptive = { closerFactor: 0.5, stretchFactor: 2, minInterval: 'PT10M', maxInterval: 'PT8H' };
    const dueOfNext = async (graduateId: string) => {
      const [, next] = await checkIns(graduateId);
      return { at: new Date(next.dueAt).getTime(), first: new Date((await checkIns(graduateId))[0].dueAt).getTime() };
    };
    const needy = await promptedGraduate({ offsets: ['PT1S', 'PT2H1S'], adaptive });
    await http().post(`/c/${linkIn(needy.prompt.body)}`).type('form').send({ mood: '2', craving: '1', used: 'no' }).expect(200);
    const closer = await dueOfNext(needy.graduate.id);
    expect(closer.at - closer.first).toBe(3_600_000);
    expect((await alertsOf(needy.graduate.id)).map((a) => [a.kind, a.urgency])).toEqual([['linkage', 'routine']]);

    const steady = await promptedGraduate({ offsets: ['PT1S', 'PT2H1S'], adaptive });
    await http().post(`/c/${linkIn(steady.prompt.body)}`).type('form').send({ mood: '4', craving: '1', used: 'no' }).expect(200);
    const further = await dueOfNext(steady.graduate.id);
    expect(further.at - further.first).toBe(4 * 3_600_000);
    expect(await alertsOf(steady.graduate.id)).toEqual([]);
  });

  it('sends no check-in to a graduate who texted STOP', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), dischargeDate: today() });
    await inbound(graduate.phone as string, 'STOP');
    const p = await plan({ offsets: ['PT1S'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H' });
    await enrol(p.id, [graduate.id]);
    await expectEventually(async () => {
      const [prompt] = await dataSource.query(`SELECT status, error_code FROM delivery WHERE graduate_id = $1 AND kind = 'check_in.prompt'`, [graduate.id]);
      expect(prompt).toEqual({ status: 'cancelled', error_code: 'no_consent' });
    }, { timeoutMs: 10_000 });
    await worker.get(CheckInSweeper).sweep();
    expect((await checkIns(graduate.id))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'prompt_cancelled:no_consent' });
    expect(texts(graduate.phone)).toEqual([]);
  });

  it('nudges once, marks silence missed, raises a task where silence asks for contact, and an at-risk alert after two misses', async () => {
    const graduate = await graduateWithConsent(api, auth, { timezone: noon(), dischargeDate: today() });
    const p = await plan({ offsets: ['PT1S', 'PT2S'], localTime: '10:00', nudgeAfter: 'PT1M', missedAfter: 'PT2M', silenceMeansContact: true });
    await enrol(p.id, [graduate.id]);
    await expectEventually(async () => expect(texts(graduate.phone)).toHaveLength(2), { timeoutMs: 10_000 });
    const sweeper = worker.get(CheckInSweeper);
    // An hour passes without an answer (moved back in time rather than waited for).
    const age = async (interval: string) =>
      dataSource.query(`UPDATE delivery SET submitted_at = submitted_at - $2::interval WHERE graduate_id = $1 AND kind = 'check_in.prompt'`, [graduate.id, interval]);
    await age('90 seconds');
    expect(await sweeper.sweep()).toMatchObject({ nudged: 2 });
    expect(await sweeper.sweep()).toMatchObject({ nudged: 0 });
    await expectEventually(async () => expect(texts(graduate.phone).filter((m) => m.body.includes('again'))).toHaveLength(2), { timeoutMs: 10_000 });
    await age('1 minute');
    expect(await sweeper.sweep()).toMatchObject({ missed: 2 });
    const statuses = (await checkIns(graduate.id)).map((c: { status: string }) => c.status);
    expect(statuses).toEqual(['missed', 'missed']);
    const alerts = await alertsOf(graduate.id);
    expect(alerts.map((a) => a.kind).sort()).toEqual(['missed_twice', 'no_answer', 'no_answer']);
    expect(alerts.every((a) => a.urgency === 'routine')).toBe(true);
    await sweeper.sweep();
    expect(await alertsOf(graduate.id)).toHaveLength(3);
    const kinds = await dataSource.query(`SELECT kind, count(*)::int AS n FROM engagement_event WHERE graduate_id = $1 GROUP BY kind ORDER BY kind`, [graduate.id]);
    expect(kinds).toEqual([
      { kind: 'alert.raised', n: 3 },
      { kind: 'check_in.missed', n: 2 },
      { kind: 'check_in.nudged', n: 2 },
      { kind: 'message.sent', n: 4 },
    ]);
  });

  it('lets a coordinator acknowledge, note and resolve an alert; another organisation gets 404', async () => {
    const { graduate, prompt } = await promptedGraduate();
    await http().post(`/c/${linkIn(prompt.body)}`).type('form').send({ mood: '1', craving: '0', used: 'no' }).expect(200);
    const [alert] = await alertsOf(graduate.id);
    await http().patch(`/alerts/${alert.id}`).set('authorization', auth).send({ status: 'acknowledged' }).expect(200);
    await http().post(`/alerts/${alert.id}/notes`).set('authorization', auth).send({ body: 'Called, left a voicemail.' }).expect(201);
    const resolved = await http().patch(`/alerts/${alert.id}`).set('authorization', auth).send({ status: 'resolved' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', acknowledgedAt: expect.any(String), resolvedAt: expect.any(String) });
    const full = await http().get(`/alerts/${alert.id}`).set('authorization', auth).expect(200);
    expect(full.body.notes).toEqual([expect.objectContaining({ body: 'Called, left a voicemail.', authorId: staff.userId })]);
    const bad = await http().patch(`/alerts/${alert.id}`).set('authorization', auth).send({ status: 'closed' }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'status' })]);
    const other = await bearerFor(api, await createStaff(dataSource));
    await http().get(`/alerts/${alert.id}`).set('authorization', other).expect(404);
    await http().patch(`/alerts/${alert.id}`).set('authorization', other).send({ status: 'open' }).expect(404);
    expect((await http().get('/alerts').set('authorization', other).expect(200)).body.items).toEqual([]);
  });
});
