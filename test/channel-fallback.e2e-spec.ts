import { CheckInSweeper } from '@continuum/check-ins';
import { expectEventually } from '@continuum/testing';
import { type Engine, startEngine } from './support/engine';
import { graduateWithConsent, zoneWhereLocalHourIs } from './support/people';

/**
 * Channel fallback: a text that fails for good because of the number (refused at once as a
 * landline, or reported undelivered by the carrier) goes by email instead when the graduate
 * agreed to email, the check-in follows its new prompt, and the coordinator is asked once to
 * check the number. A STOP is not a bad number: nothing falls back.
 */
describe('channel fallback from SMS to email', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startEngine({ smtp: true });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const graduate = () =>
    graduateWithConsent(engine.api, engine.auth, {
      timezone: zoneWhereLocalHourIs(12),
      dischargeDate: new Date().toISOString().slice(0, 10),
      consents: [
        { channel: 'sms', purpose: 'check_ins' },
        { channel: 'email', purpose: 'check_ins' },
      ],
    });
  const enrol = async (graduateId: string) => {
    const plan = (
      await engine
        .http()
        .post('/check-in-plans')
        .set('authorization', engine.auth)
        .send({ name: `Fallback ${Math.random()}`, offsets: ['PT1S'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H' })
        .expect(201)
    ).body;
    await engine.http().post('/check-in-enrolments').set('authorization', engine.auth).send({ planId: plan.id, graduateIds: [graduateId] }).expect(200);
  };
  const alerts = async (graduateId: string) =>
    (await engine.http().get(`/alerts?graduateId=${graduateId}`).set('authorization', engine.auth).expect(200)).body.items as { kind: string; reasons: string[] }[];

  it('sends the check-in by email when the number is a landline, and flags the number once', async () => {
    const g = await graduate();
    engine.twilio.failNext(1, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    await enrol(g.id);
    await expectEventually(async () => expect(engine.mails(g.email)).toHaveLength(1), { timeoutMs: 10_000 });
    expect(engine.mails(g.email)[0].text).toMatch(/\/c\/[A-Za-z0-9_-]{43}/);
    const [checkIn] = await engine.dataSource.query(
      `SELECT c.status, c.channel, d.channel AS prompt_channel, d.idempotency_key FROM check_in c JOIN delivery d ON d.id = c.delivery_id WHERE c.graduate_id = $1`,
      [g.id],
    );
    expect(checkIn).toMatchObject({ status: 'scheduled', channel: 'email', prompt_channel: 'email' });
    expect(checkIn.idempotency_key).toMatch(/:email-fallback$/);
    await engine.worker.get(CheckInSweeper).sweep();
    expect((await engine.dataSource.query(`SELECT status FROM check_in WHERE graduate_id = $1`, [g.id]))[0].status).toBe('scheduled');
    expect((await alerts(g.id)).map((a) => [a.kind, a.reasons])).toEqual([['contact_details', ['texts fail (21614); messages go by email for now']]]);
  });

  it('falls back when the carrier reports the text undelivered to a landline', async () => {
    const g = await graduate();
    await enrol(g.id);
    await expectEventually(async () => expect(engine.texts(g.phone)).toHaveLength(1), { timeoutMs: 10_000 });
    await expectEventually(async () => {
      const [d] = await engine.dataSource.query(`SELECT status FROM delivery WHERE graduate_id = $1 AND channel = 'sms'`, [g.id]);
      expect(d.status).toBe('sent');
    });
    expect((await engine.twilio.sendStatusCallback(engine.texts(g.phone)[0], 'undelivered', { errorCode: 30006 })).status).toBe(204);
    await expectEventually(async () => expect(engine.mails(g.email)).toHaveLength(1), { timeoutMs: 10_000 });
    expect((await alerts(g.id)).map((a) => a.kind)).toEqual(['contact_details']);
  });

  it('does not fall back when the failure is not about the number', async () => {
    const g = await graduate();
    engine.twilio.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await enrol(g.id);
    await expectEventually(async () => {
      const [d] = await engine.dataSource.query(`SELECT status, error_code FROM delivery WHERE graduate_id = $1`, [g.id]);
      expect(d).toMatchObject({ status: 'failed', error_code: '21610' });
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(engine.mails(g.email)).toHaveLength(0);
    expect(await alerts(g.id)).toEqual([]);
  });
});
