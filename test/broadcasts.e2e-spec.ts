import { createStaff, expectEventually } from '@continuum/testing';
import { bearerFor } from './support/auth';
import { type Engine, startEngine } from './support/engine';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

/**
 * Broadcasts through the real engine to the fake providers: a segment that includes opted-out and
 * unconsented graduates sends only to the rest (counted at the providers), the report follows
 * the messages and the replies, and cancelling midway stops what has not gone yet.
 */
describe('broadcasts', () => {
  let engine: Engine;

  beforeAll(async () => {
    // Three texts a second, so a dozen take a few seconds: long enough to cancel midway.
    engine = await startEngine({ smtp: true, env: { SMS_RATE_PER_SECOND: '3' } });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const program = async () => (await engine.http().post('/programs').set('authorization', engine.auth).send({ name: `Broadcast ${Math.random()}` }).expect(201)).body.id as string;
  const inProgram = async (programId: string, graduateId: string) =>
    engine.http().patch(`/graduates/${graduateId}`).set('authorization', engine.auth).send({ programId }).expect(200);
  const alumnus = (channel: 'sms' | 'email', purpose = 'meeting_invites') =>
    graduateWithConsent(engine.api, engine.auth, { timezone: zoneWhereLocalHourIs(12), consents: [{ channel, purpose }], ...(channel === 'email' ? { phone: null } : {}) });
  const broadcastTexts = () => engine.twilio.messages.filter((m) => m.body.includes('picnic'));

  it('sends only to the reachable and consented in the segment, and reports what became of it', async () => {
    const { http, auth } = engine;
    const p = await program();
    const [texted, stopped, unconsented, emailed, elsewhere] = [await alumnus('sms'), await alumnus('sms'), await alumnus('sms', 'check_ins'), await alumnus('email'), await alumnus('sms')];
    for (const g of [texted, stopped, unconsented, emailed]) await inProgram(p, g.id);
    expect((await engine.inbound(stopped.phone as string, 'STOP')).status).toBe(200);

    const refused = await http().post('/broadcasts').set('authorization', auth).send({ name: 'x', bodies: { en: 'Our sobriety picnic is on Saturday.' }, segment: { programId: p } }).expect(422);
    expect(refused.body.details).toEqual([{ field: 'bodies.en', reason: expect.stringContaining('"sobriety"') }]);
    const draft = (
      await http()
        .post('/broadcasts')
        .set('authorization', auth)
        .send({ name: 'Picnic', bodies: { en: 'Our summer picnic is on Saturday at noon.', es: 'Nuestro picnic de verano es el sabado al mediodia.' }, segment: { programId: p } })
        .expect(201)
    ).body;
    expect(draft).toMatchObject({ status: 'draft', audience: { matched: 4, recipients: 2, bySms: 1, byEmail: 1 } });
    expect(draft.preview.en.text).toBe('Northside Community Health: Our summer picnic is on Saturday at noon. Reply STOP to opt out.');
    expect(draft.preview.es.text).toContain('Nuestro picnic de verano');

    const sent = (await http().post(`/broadcasts/${draft.id}/send`).set('authorization', auth).send({}).expect(200)).body;
    expect(sent).toMatchObject({ status: 'scheduled', recipients: 2 });
    await expectEventually(async () => {
      expect(broadcastTexts().map((m) => m.to)).toEqual([texted.phone]);
      expect(engine.mails(emailed.email)).toHaveLength(1);
    });
    for (const g of [stopped, unconsented, elsewhere]) expect(engine.texts(g.phone).filter((m) => m.body.includes('picnic'))).toEqual([]);
    await http().post(`/broadcasts/${draft.id}/send`).set('authorization', auth).send({}).expect(409);

    await engine.inbound(texted.phone as string, 'Count me in!');
    await expectEventually(async () => {
      const report = (await http().get(`/broadcasts/${draft.id}`).set('authorization', auth).expect(200)).body.report;
      expect(report).toEqual({ pending: 0, sent: 2, delivered: 0, failed: 0, cancelled: 0, optedOut: 0, replies: 1 });
    });
    const intruder = await bearerFor(engine.api, await createStaff(engine.dataSource));
    await http().get(`/broadcasts/${draft.id}`).set('authorization', intruder).expect(404);
    await http().post(`/broadcasts/${draft.id}/cancel`).set('authorization', intruder).expect(404);
  });

  it('stops the remainder when cancelled midway', async () => {
    const { http, auth, dataSource } = engine;
    const p = await program();
    const graduates = [];
    for (let i = 0; i < 12; i += 1) {
      const g = await alumnus('sms');
      await inProgram(p, g.id);
      graduates.push(g);
    }
    const draft = (await http().post('/broadcasts').set('authorization', auth).send({ name: 'Picnic again', bodies: { en: 'The picnic moved to Sunday.' }, segment: { programId: p } }).expect(201)).body;
    await http().post(`/broadcasts/${draft.id}/send`).set('authorization', auth).send({}).expect(200);
    const phones = new Set(graduates.map((g) => g.phone));
    const ours = () => engine.twilio.messages.filter((m) => phones.has(m.to) && m.body.includes('Sunday'));
    await expectEventually(async () => expect(ours().length).toBeGreaterThanOrEqual(1));
    const cancelled = (await http().post(`/broadcasts/${draft.id}/cancel`).set('authorization', auth).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.report.cancelled).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rows: { status: string }[] = await dataSource.query(`SELECT status FROM delivery WHERE subject_id = $1`, [draft.id]);
    const gone = rows.filter((r) => ['sent', 'delivered', 'submitting', 'unknown'].includes(r.status)).length;
    expect(rows.filter((r) => r.status === 'cancelled').length + gone).toBe(12);
    expect(ours()).toHaveLength(gone);
    expect(gone).toBeLessThan(12);
  });
});
