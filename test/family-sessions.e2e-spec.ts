import type { DataSource } from 'typeorm';
import { findSensitiveWords } from '@continuum/domain';
import { FamilySessionSweeper } from '@continuum/family-sessions';
import { createStaff, expectEventually } from '@continuum/testing';
import { bearerFor } from './support/auth';
import { type Engine, startEngine } from './support/engine';
import { graduateWithConsent, uniquePhone, zoneWhereLocalHourIs } from './support/people';

const HOUR = 3_600_000;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const utcLocal = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000).toISOString().slice(0, 16);

/**
 * Family sessions: only consented contacts can be invited (42 CFR Part 2); notices, reminders,
 * reschedules and cancellations reach them through the real twilio client; the graduate is told
 * who was notified; attendance and the follow-up with its feedback link.
 */
describe('family sessions', () => {
  let engine: Engine;
  let dataSource: DataSource;
  let auth: string;
  const http = () => engine.http();
  const texts = (phone: string) => engine.texts(phone);

  beforeAll(async () => {
    engine = await startEngine();
    ({ dataSource, auth } = engine);
  });

  afterAll(async () => {
    await engine?.close();
  });

  /** A graduate (who consented to hear of family-session notices themself) and two contacts, only the first of whom is consented; of the engine's organisation unless `as` signs in elsewhere. */
  const family = async (as = auth) => {
    const zone = zoneWhereLocalHourIs(12);
    const graduate = await graduateWithConsent(engine.api, as, { timezone: zone, consents: [{ channel: 'sms', purpose: 'family_session_notices' }] });
    const contact = async (name: string) =>
      (await http().post(`/graduates/${graduate.id}/contacts`).set('authorization', as).send({ name, relationship: 'parent', phone: uniquePhone(), timezone: zone }).expect(201)).body as {
        id: string;
        phone: string;
      };
    const consented = await contact('Maria Lopez');
    const notConsented = await contact('Jordan Lopez');
    await http()
      .post(`/graduates/${graduate.id}/consents`)
      .set('authorization', as)
      .send({ contactId: consented.id, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText: 'Session dates and times.', description: 'Dates and times of family sessions', expiresAt: inDays(90) })
      .expect(201);
    return { graduate, consented, notConsented };
  };
  const deliveries = (contactId: string, kind: string) =>
    dataSource.query(`SELECT status, error_code, due_at FROM delivery WHERE contact_id = $1 AND kind = $2 ORDER BY due_at, created_at`, [contactId, kind]) as Promise<{ status: string; error_code: string | null; due_at: Date }[]>;

  it('refuses a contact without an active consent for family-session notices, naming the contact', async () => {
    const { graduate, consented, notConsented } = await family();
    const res = await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal: utcLocal(3 * 86_400_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [consented.id, notConsented.id] })
      .expect(422);
    expect(res.body.details).toEqual([{ field: 'contactIds.1', reason: expect.stringContaining('no active consent') }]);
    const other = await family();
    const foreign = await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal: utcLocal(3 * 86_400_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [other.consented.id] })
      .expect(422);
    expect(foreign.body.details).toEqual([{ field: 'contactIds.0', reason: "is not one of this graduate's current contacts" }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM family_session WHERE graduate_id = $1`, [graduate.id])).toEqual([{ n: 0 }]);
    await http().post(`/graduates/${graduate.id}/family-sessions`).set('authorization', auth).send({ startsLocal: 'tomorrow', durationMinutes: 60, contactIds: [] }).expect(400);
  });

  it('notifies the consented contact neutrally, tells the graduate who was told, and re-plans reminders on reschedule', async () => {
    const { graduate, consented } = await family();
    const startsLocal = utcLocal(3 * 86_400_000);
    const created = await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal, timezone: 'UTC', durationMinutes: 60, location: '1200 Riverside Avenue', clinician: 'Dr. Addiction Specialist', contactIds: [consented.id] })
      .expect(201);
    expect(created.body).toMatchObject({ startsAt: `${startsLocal}:00.000Z`, status: 'scheduled', participants: [{ contactId: consented.id, name: 'Maria Lopez', channel: 'sms' }] });
    await expectEventually(async () => {
      expect(texts(consented.phone)).toHaveLength(1);
      expect(texts(graduate.phone as string)).toHaveLength(1);
    });
    const [notice] = texts(consented.phone);
    expect(notice.body).toContain('family appointment');
    expect(notice.body).toMatch(/\/s\/[A-Za-z0-9_-]{43}/);
    expect(findSensitiveWords(notice.body)).toEqual([]);
    expect(notice.body).not.toMatch(/Addiction|Specialist|Robin/);
    expect(texts(graduate.phone as string)[0].body).toContain('Maria');
    const page = await http().get(`/s/${/\/s\/([A-Za-z0-9_-]{43})/.exec(notice.body)?.[1]}`).expect(200);
    expect(page.text).toContain('1200 Riverside Avenue');
    expect(page.text).not.toMatch(/Addiction|Robin/);
    const before = await deliveries(consented.id, 'family_session.reminder');
    expect(before.map((r) => [r.status, new Date(r.due_at).toISOString()])).toEqual([
      ['pending', new Date(Date.parse(`${startsLocal}:00Z`) - 24 * HOUR).toISOString()],
      ['pending', new Date(Date.parse(`${startsLocal}:00Z`) - HOUR).toISOString()],
    ]);

    const newStart = utcLocal(5 * 86_400_000);
    const moved = await http().patch(`/family-sessions/${created.body.id}`).set('authorization', auth).send({ startsLocal: newStart }).expect(200);
    expect(moved.body).toMatchObject({ startsAt: `${newStart}:00.000Z`, sequence: 1 });
    const after = await deliveries(consented.id, 'family_session.reminder');
    expect(after.filter((r) => r.status === 'cancelled').map((r) => r.error_code)).toEqual(['family_session_moved', 'family_session_moved']);
    expect(after.filter((r) => r.status === 'pending').map((r) => new Date(r.due_at).toISOString())).toEqual([
      new Date(Date.parse(`${newStart}:00Z`) - 24 * HOUR).toISOString(),
      new Date(Date.parse(`${newStart}:00Z`) - HOUR).toISOString(),
    ]);
    await expectEventually(async () => expect(texts(consented.phone)).toHaveLength(2));
    expect(texts(consented.phone)[1].body).toMatch(/new time|changed|change/i);

    await http().post(`/family-sessions/${created.body.id}/cancel`).set('authorization', auth).expect(200);
    expect((await deliveries(consented.id, 'family_session.reminder')).filter((r) => r.status === 'pending')).toEqual([]);
    await expectEventually(async () => expect(texts(consented.phone)).toHaveLength(3));
    expect(texts(consented.phone)[2].body).toMatch(/cancel/i);
    const events = await dataSource.query(`SELECT payload->>'notice' AS notice FROM engagement_event WHERE graduate_id = $1 AND kind = 'family_session.notified' ORDER BY id`, [graduate.id]);
    expect(events).toEqual([{ notice: 'scheduled' }, { notice: 'rescheduled' }, { notice: 'cancelled' }]);
  });

  it('records attendance, then follows up with a feedback link and the next session', async () => {
    const { graduate, consented } = await family();
    const soon = await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal: utcLocal(30 * 60_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [consented.id] })
      .expect(201);
    await http()
      .post(`/graduates/${graduate.id}/family-sessions`)
      .set('authorization', auth)
      .send({ startsLocal: utcLocal(8 * 86_400_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [consented.id] })
      .expect(201);
    await http()
      .put(`/family-sessions/${soon.body.id}/attendance`)
      .set('authorization', auth)
      .send({ records: [{ contactId: consented.id, status: 'attended' }] })
      .expect(200);
    const bad = await http().put(`/family-sessions/${soon.body.id}/attendance`).set('authorization', auth).send({ records: [{ contactId: graduate.id, status: 'attended' }] }).expect(422);
    expect(bad.body.details).toEqual([{ field: 'records.0.contactId', reason: 'is not invited to this session' }]);
    expect(await dataSource.query(`SELECT kind FROM engagement_event WHERE graduate_id = $1 AND kind = 'family_session.attended'`, [graduate.id])).toHaveLength(1);

    // The session is over (its times moved back, as the clock would have moved on).
    await dataSource.query(`UPDATE family_session SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [soon.body.id]);
    await engine.worker.get(FamilySessionSweeper).sweep();
    await expectEventually(async () => expect(texts(consented.phone).filter((m) => m.body.includes('/sf/'))).toHaveLength(1));
    const followUp = texts(consented.phone).find((m) => m.body.includes('/sf/'))?.body ?? '';
    expect(followUp).toMatch(/Next appointment: \w+day/);
    const token = /\/sf\/([A-Za-z0-9_-]{43})/.exec(followUp)?.[1] as string;
    await http().post(`/sf/${token}`).type('form').send({ rating: '4' }).expect(200);
    await http().get(`/sf/${token}`).expect(410);
    expect(await dataSource.query(`SELECT payload->>'rating' AS rating FROM engagement_event WHERE graduate_id = $1 AND kind = 'family_session.feedback'`, [graduate.id])).toEqual([{ rating: '4' }]);
    // A second sweep sends nothing more.
    await engine.worker.get(FamilySessionSweeper).sweep();
    expect(await deliveries(consented.id, 'family_session.follow_up')).toHaveLength(1);
  });

  it('lists the organisation’s sessions starting in [from, to), soonest first, as GET /family-sessions/{id} gives each, with the graduate’s name', async () => {
    // An organisation of its own, so the calendar holds exactly what this test made.
    const owner = await createStaff(dataSource);
    const ownerAuth = await bearerFor(engine.api, owner);
    const a = await family(ownerAuth);
    const b = await family(ownerAuth);
    await http().patch(`/graduates/${b.graduate.id}`).set('authorization', ownerAuth).send({ preferredName: 'Sunny' }).expect(200);
    const schedule = async (as: string, who: { graduate: { id: string }; consented: { id: string } }, days: number) =>
      (
        await http()
          .post(`/graduates/${who.graduate.id}/family-sessions`)
          .set('authorization', as)
          .send({ startsLocal: utcLocal(days * 86_400_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [who.consented.id] })
          .expect(201)
      ).body as { id: string; startsAt: string };
    const later = await schedule(ownerAuth, a, 10);
    const sooner = await schedule(ownerAuth, b, 4);
    const outside = await schedule(ownerAuth, a, 30);
    const otherAuth = await bearerFor(engine.api, await createStaff(dataSource));
    const theirs = await schedule(otherAuth, await family(otherAuth), 5);

    type Listed = { id: string; graduateFirstName: string; participants: { notices: { kind: string }[] }[]; graduateNotices: unknown[] };
    const calendar = async (as: string, from: string, to: string) =>
      (await http().get(`/family-sessions?from=${from}&to=${to}`).set('authorization', as).expect(200)).body as Listed[];
    const listed = await calendar(ownerAuth, inDays(3), inDays(11));
    expect(listed.map((x) => [x.id, x.graduateFirstName])).toEqual([
      [sooner.id, 'Sunny'],
      [later.id, 'Robin'],
    ]);
    // The notices' statuses move as the worker sends them; the rest is what the session's own route gives.
    const settled = ({ participants, graduateNotices, ...rest }: Omit<Listed, 'id' | 'graduateFirstName'>) => ({
      ...rest,
      participants: participants.map((p) => ({ ...p, notices: p.notices.map((n) => n.kind) })),
      graduateNotices: graduateNotices.length,
    });
    for (const item of listed) {
      const { graduateFirstName, ...view } = item;
      const own = (await http().get(`/family-sessions/${item.id}`).set('authorization', ownerAuth).expect(200)).body;
      expect(settled(view)).toEqual(settled(own));
      expect(graduateFirstName).toBe(item.id === sooner.id ? 'Sunny' : 'Robin');
    }
    expect(listed[0]).toMatchObject({ graduateId: b.graduate.id, status: 'scheduled', participants: [{ contactId: b.consented.id, name: 'Maria Lopez' }] });
    expect(listed.map((x) => x.id)).not.toContain(outside.id);
    expect(listed.map((x) => x.id)).not.toContain(theirs.id);
    // `to` is exclusive: a window ending as the later session starts leaves it out.
    expect((await calendar(ownerAuth, inDays(3), later.startsAt)).map((x) => x.id)).toEqual([sooner.id]);
    expect((await calendar(ownerAuth, inDays(3), inDays(40))).map((x) => x.id)).toEqual([sooner.id, later.id, outside.id]);
    expect((await calendar(otherAuth, inDays(3), inDays(11))).map((x) => x.id)).toEqual([theirs.id]);

    const events = await http().get('/audit-events?action=family-session.calendar').set('authorization', ownerAuth).expect(200);
    // Newest first: the last event is the owner's first look.
    expect(events.body.at(-1)).toMatchObject({ actorId: owner.userId, subjectType: 'family-session', subjectId: null, detail: { returned: [b.graduate.id, a.graduate.id] } });

    const refused = async (query: string) => (await http().get(`/family-sessions?${query}`).set('authorization', ownerAuth).expect(400)).body;
    expect((await refused(`to=${inDays(3)}`)).details).toEqual([{ field: 'from', reason: 'must be an ISO 8601 date-time' }]);
    expect((await refused(`from=${inDays(3)}`)).details).toEqual([{ field: 'to', reason: 'must be an ISO 8601 date-time' }]);
    expect((await refused(`from=${inDays(3)}&to=${inDays(2)}`)).details).toEqual([{ field: 'to', reason: 'must be after from' }]);
    expect(await refused(`from=${inDays(0)}&to=${inDays(94)}`)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details: [{ field: 'to', reason: 'must be at most 93 days after from' }],
      requestId: expect.any(String),
    });
    await http().get(`/family-sessions?from=${inDays(0)}&to=${inDays(93)}`).set('authorization', ownerAuth).expect(200);
  });
});
