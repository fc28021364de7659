import { createStaff, expectEventually, type StaffFixture } from '@continuum/testing';
import { bearerFor } from './support/auth';
import { type Engine, startEngine } from './support/engine';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

/**
 * Two-way conversation: a text nobody was waiting for lands in the graduate's thread and on their
 * coordinator's worklist; the coordinator's reply goes through the engine (real twilio client,
 * fake Twilio) and, inside the conversation, is not held by the one-text-a-day cap that still
 * holds a routine message.
 */
describe('two-way conversation', () => {
  let engine: Engine;
  let coordinator: StaffFixture;
  let auth: string;

  beforeAll(async () => {
    engine = await startEngine({ env: { SMS_PER_DAY: '1', SMS_PER_WEEK: '10' } });
    coordinator = await createStaff(engine.dataSource, { organisationId: engine.staff.organisationId, role: 'coordinator' });
    auth = engine.auth;
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('keeps an unexpected text in the thread, lists it on the worklist, and sends the reply past the daily cap', async () => {
    const { http, dataSource } = engine;
    const graduate = await graduateWithConsent(engine.api, auth, { timezone: zoneWhereLocalHourIs(12) });
    await http().post('/caseload/assignments').set('authorization', auth).send({ coordinatorId: coordinator.userId, graduateIds: [graduate.id] }).expect(200);
    // Today's one routine text: after it, the cap holds routine messages until tomorrow.
    const first = (await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id;
    await expectEventually(async () => expect(engine.texts(graduate.phone)).toHaveLength(1));

    const webhook = await engine.inbound(graduate.phone as string, 'Rough week. Can someone call me?');
    expect(webhook.status).toBe(200);
    const thread = (await http().get(`/graduates/${graduate.id}/conversation`).set('authorization', auth).expect(200)).body;
    expect(thread.items).toEqual([expect.objectContaining({ direction: 'in', body: 'Rough week. Can someone call me?', contactId: null })]);
    const coordinatorAuth = await bearerFor(engine.api, coordinator);
    const before = (await http().get('/worklist').set('authorization', coordinatorAuth).expect(200)).body;
    expect(before.map((i: { graduateId: string; reason: string }) => [i.graduateId, i.reason])).toEqual([[graduate.id, 'inbound']]);
    expect(await dataSource.query(`SELECT kind FROM engagement_event WHERE graduate_id = $1 AND kind = 'message.received'`, [graduate.id])).toHaveLength(1);

    const refused = await http().post(`/graduates/${graduate.id}/conversation`).set('authorization', coordinatorAuth).send({ body: 'About your relapse: call me.' }).expect(422);
    expect(refused.body.details).toEqual([{ field: 'body', reason: expect.stringContaining('"relapse"') }]);
    await http().post(`/graduates/${graduate.id}/conversation`).set('authorization', coordinatorAuth).send({ body: '   ' }).expect(422);

    await http().post(`/graduates/${graduate.id}/conversation`).set('authorization', coordinatorAuth).send({ body: 'Of course. I will call you at 3 today.' }).expect(201);
    await expectEventually(async () => expect(engine.texts(graduate.phone).map((m) => m.body)).toContain('Of course. I will call you at 3 today.'));
    const [reply] = await dataSource.query(`SELECT priority, status FROM delivery WHERE graduate_id = $1 AND kind = 'conversation.reply'`, [graduate.id]);
    expect(reply).toMatchObject({ priority: 'conversation' });
    expect((await http().get('/worklist').set('authorization', coordinatorAuth).expect(200)).body).toEqual([]);

    // A routine message the same day is still held by the cap: only the conversation passed it.
    const routine = (await http().post(`/graduates/${graduate.id}/test-messages`).set('authorization', auth).send({ channel: 'sms' }).expect(201)).body.id;
    await expectEventually(async () => {
      const [row] = await dataSource.query(`SELECT status, error_code FROM delivery WHERE id = $1`, [routine]);
      expect(row).toMatchObject({ status: 'pending', error_code: 'recipient_cap' });
    });
    expect(first).not.toBe(routine);
    const thread2 = (await http().get(`/graduates/${graduate.id}/conversation`).set('authorization', auth).expect(200)).body;
    expect(thread2.items.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in']);

    const intruder = await bearerFor(engine.api, await createStaff(dataSource));
    await http().get(`/graduates/${graduate.id}/conversation`).set('authorization', intruder).expect(404);
    await http().post(`/graduates/${graduate.id}/conversation`).set('authorization', intruder).send({ body: 'Hello' }).expect(404);
  });
});
