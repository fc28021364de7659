import { DateTime } from 'luxon';
import { CoordinatorDigest } from '@continuum/engagement';
import { appendEngagementEvents } from '@continuum/persistence';
import { createStaff, expectEventually, type StaffFixture } from '@continuum/testing';
import { type Engine, startEngine } from './support/engine';
import { zoneWhereLocalHourIs } from './support/people';

/**
 * The coordinators' morning email, through the real engine to a real SMTP server: their open
 * alerts, new at-risk flags and open follow-up windows, by first name and id only; once a day;
 * nothing for a coordinator with nothing to do.
 */
describe('coordinator digest', () => {
  let engine: Engine;
  let coordinator: StaffFixture;
  let idle: StaffFixture;
  const ids: Record<'alerted' | 'flagged' | 'followUp' | 'reached', string> = { alerted: '', flagged: '', followUp: '', reached: '' };

  beforeAll(async () => {
    engine = await startEngine({ smtp: true });
    const { dataSource, staff, auth, http } = engine;
    // Noon in the organisation's zone: past the digest's hour and out of quiet hours.
    await dataSource.query(`UPDATE organisation SET timezone = $2 WHERE id = $1`, [staff.organisationId, zoneWhereLocalHourIs(12)]);
    coordinator = await createStaff(dataSource, { organisationId: staff.organisationId, role: 'coordinator' });
    idle = await createStaff(dataSource, { organisationId: staff.organisationId, role: 'coordinator' });
    const monthsAgo = (n: number) => DateTime.utc().minus({ months: n }).toISODate();
    const graduate = async (firstName: string, extra: object = {}) => {
      const id = (
        await http()
          .post('/graduates')
          .set('authorization', auth)
          .send({ firstName, lastName: 'Digestsurname', timezone: 'UTC', email: `${firstName}${Date.now()}@example.org`, ...extra })
          .expect(201)
      ).body.id as string;
      await http().put(`/graduates/${id}/coordinator`).set('authorization', auth).send({ coordinatorId: coordinator.userId }).expect(200);
      return id;
    };
    ids.alerted = await graduate('Alma');
    ids.flagged = await graduate('Bea');
    ids.followUp = await graduate('Cruz', { dischargeDate: monthsAgo(6) });
    ids.reached = await graduate('Dov', { dischargeDate: monthsAgo(6) });
    await dataSource.query(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key, owner_id) VALUES ($1, $2, 'escalation', 'urgent', '{reported_use}', $3, $4)`,
      [staff.organisationId, ids.alerted, `digest-${ids.alerted}`, coordinator.userId],
    );
    await dataSource.query(`INSERT INTO engagement_flag (organisation_id, graduate_id, rule, reason, raised_at) VALUES ($1, $2, 'no_touch_21d', 'no touchpoint for 22 days', now())`, [
      staff.organisationId,
      ids.flagged,
    ]);
    await appendEngagementEvents(dataSource.manager, [{ organisationId: staff.organisationId, graduateId: ids.reached, kind: 'check_in.answered', occurredAt: new Date(Date.now() - 86_400_000) }]);
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('emails each coordinator what needs them, by first name and id only, once a day', async () => {
    const digest = engine.worker.get(CoordinatorDigest);
    // Only this organisation: other test files' coordinators are not this file's to email.
    await digest.scheduleDue(new Date(), [engine.staff.organisationId]);
    const ours = () =>
      engine.dataSource.query(`SELECT staff_user_id, graduate_id, status FROM delivery WHERE organisation_id = $1 AND kind = 'digest.daily'`, [engine.staff.organisationId]) as Promise<
        { staff_user_id: string; graduate_id: string | null; status: string }[]
      >;
    expect((await ours()).map((d) => [d.staff_user_id, d.graduate_id])).toEqual([[coordinator.userId, null]]);
    await expectEventually(async () => expect(engine.mails(coordinator.email)).toHaveLength(1));
    const [mail] = engine.mails(coordinator.email);
    expect(mail.subject).toBe('Your day in Continuum');
    expect(mail.text).toContain(`Open alerts:\n- Alma (${ids.alerted.slice(0, 8)}): escalation, urgent, open since`);
    expect(mail.text).toContain(`New at-risk flags:\n- Bea (${ids.flagged.slice(0, 8)}): no touch 21d`);
    expect(mail.text).toContain(`Follow-ups due (6-month window open):\n- Cruz (${ids.followUp.slice(0, 8)}): window closes `);
    expect(mail.text).not.toContain('Dov');
    expect(mail.text).not.toMatch(/Digestsurname|reported_use|example\.org|22 days/);
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    expect(engine.mails(idle.email)).toHaveLength(0);

    await digest.scheduleDue(new Date(), [engine.staff.organisationId]);
    expect(await ours()).toHaveLength(1);
  });
});
