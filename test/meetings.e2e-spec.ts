import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as ical from 'node-ical';
import type { DataSource } from 'typeorm';
import { MeetingSeriesService, MeetingSweeper } from '@continuum/meetings';
import { expectEventually, type StaffFixture } from '@continuum/testing';
import { type Engine, startEngine } from './support/engine';
import { graduateWithConsent, type GraduateFixture, zoneWhereLocalHourIs } from './support/people';

const HOUR = 3_600_000;
/** A UTC wall time `ms` from now, as a series in UTC takes it. */
const utcLocal = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000).toISOString().slice(0, 16);

/**
 * Alumni meetings end to end: series → occurrences → invitations through the real twilio client
 * and real nodemailer to fake providers → RSVPs by text and by link → capacity and waitlist →
 * reminders, cancellations, moves → attendance by roster and by code → ratings.
 */
describe('alumni meetings', () => {
  let engine: Engine;
  let dataSource: DataSource;
  let staff: StaffFixture;
  let auth: string;
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  const http = () => engine.http();
  const texts = (phone: string | null) => engine.texts(phone);
  const mails = (email: string | null) => engine.mails(email);
  const inbound = (from: string, body: string) => engine.inbound(from, body);

  beforeAll(async () => {
    engine = await startEngine({ smtp: true });
    ({ dataSource, staff, auth, worker, api } = engine);
  });

  afterAll(async () => {
    await engine?.close();
  });

  const noon = () => zoneWhereLocalHourIs(12);
  const alumnus = (channel: 'sms' | 'email' = 'sms', extra: object = {}) =>
    graduateWithConsent(api, auth, { timezone: noon(), consents: [{ channel, purpose: 'meeting_invites' }], ...extra });
  const createSeries = async (body: object) => (await http().post('/meeting-series').set('authorization', auth).send(body).expect(201)).body as { id: string };
  const occurrencesOf = async (seriesId: string) =>
    (
      await http()
        .get(`/meeting-occurrences?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 300 * 86_400_000).toISOString()}&seriesId=${seriesId}`)
        .set('authorization', auth)
        .expect(200)
    ).body as { id: string; startsAt: string; status: string; checkInCode: string; counts: Record<string, number> }[];
  /** A one-off meeting `inMs` from now for these graduates, its invitations sent and received. */
  const invitedMeeting = async (graduates: GraduateFixture[], options: { inMs?: number; capacity?: number | null; extra?: object; invitees?: GraduateFixture[] } = {}) => {
    const invitees = options.invitees ?? graduates;
    const series = await createSeries({
      title: 'Thursday recovery circle',
      startsLocal: utcLocal(options.inMs ?? 2 * 86_400_000),
      timezone: 'UTC',
      durationMinutes: 90,
      location: '1200 Riverside Avenue, Suite 300',
      capacity: options.capacity ?? null,
      audience: { type: 'list', graduateIds: graduates.map((g) => g.id) },
      allowPlainWording: false,
      ...options.extra,
    });
    const [occurrence] = await occurrencesOf(series.id);
    const invited = await http().post(`/meeting-occurrences/${occurrence.id}/invitations`).set('authorization', auth).expect(200);
    expect(invited.body).toEqual({ invited: invitees.length });
    await expectEventually(async () => {
      for (const g of invitees) expect(texts(g.phone).length + mails(g.email).length).toBeGreaterThanOrEqual(1);
    });
    return { seriesId: series.id, occurrence };
  };
  const rsvpLink = (body: string) => /\/r\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? null;
  const deliveriesOf = (graduateId: string, kind: string) =>
    dataSource.query(`SELECT status, error_code, due_at FROM delivery WHERE graduate_id = $1 AND kind = $2 ORDER BY due_at, created_at`, [graduateId, kind]) as Promise<
      { status: string; error_code: string | null; due_at: Date }[]
    >;
  const roster = async (occurrenceId: string) =>
    (await http().get(`/meeting-occurrences/${occurrenceId}/roster`).set('authorization', auth).expect(200)).body as { graduateId: string; rsvp: string; attendance: string | null; attendanceSource: string | null }[];

  it('keeps a weekly series at its local time on both sides of a DST change', async () => {
    const service = api.get(MeetingSeriesService);
    const actor = { userId: staff.userId, organisationId: staff.organisationId, role: 'admin' as const, ip: null, requestId: null };
    // A controllable clock: the series is made as if it were late February 2027.
    const made = await service.create(
      actor,
      { title: 'Alumni evening', startsLocal: '2027-03-04T18:30', timezone: 'America/New_York', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4', durationMinutes: 90, location: 'Community room', audience: { type: 'all' } },
      new Date('2027-02-25T12:00:00Z'),
    );
    const listed = await occurrencesOf(made.id);
    // 2027-03-14 is the spring-forward Sunday in New York: 18:30 is 23:30Z before it and 22:30Z after.
    expect(listed.map((o) => o.startsAt)).toEqual(['2027-03-04T23:30:00.000Z', '2027-03-11T23:30:00.000Z', '2027-03-18T22:30:00.000Z', '2027-03-25T22:30:00.000Z']);
    expect(new Set(listed.map((o) => o.checkInCode)).size).toBe(4);
  });

  it('refuses a bad series with the field and the reason', async () => {
    const bad = await http()
      .post('/meeting-series')
      .set('authorization', auth)
      .send({ title: 'x', startsLocal: '2027-03-04T18:30', timezone: 'UTC', rrule: 'FREQ=HOURLY', durationMinutes: 60, location: 'Hope Recovery Center', audience: { type: 'list', graduateIds: ['0b0c0d0e-0000-4000-8000-000000000000'] } })
      .expect(422);
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        { field: 'rrule', reason: expect.stringContaining('daily') },
        { field: 'location', reason: expect.stringContaining('"recovery"') },
      ]),
    );
    const shape = await http().post('/meeting-series').set('authorization', auth).send({ title: 'x', startsLocal: '2027-03-04T18:30', timezone: 'Mars/Base', durationMinutes: 'long', audience: { type: 'everyone' } }).expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['timezone', 'durationMinutes', 'audience.type']));
    const stranger = await http()
      .post('/meeting-series')
      .set('authorization', auth)
      .send({ title: 'x', startsLocal: utcLocal(86_400_000), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', audience: { type: 'list', graduateIds: ['0b0c0d0e-0000-4000-8000-000000000000'] } })
      .expect(422);
    expect(stranger.body.details).toEqual([{ field: 'audience.graduateIds.0', reason: 'is not a graduate of this organisation' }]);
  });

  it('invites only consented alumni, privately, with a calendar invitation that parses', async () => {
    const bySms = await alumnus('sms');
    const byEmail = await alumnus('email');
    const unconsented = await graduateWithConsent(api, auth, { timezone: noon(), consents: [{ channel: 'sms', purpose: 'check_ins' }] });
    const { occurrence } = await invitedMeeting([bySms, byEmail, unconsented], { invitees: [bySms, byEmail] });
    // The hand-picked list may name someone who never agreed to invitations: they are left out.
    const again = await http().post(`/meeting-occurrences/${occurrence.id}/invitations`).set('authorization', auth).expect(200);
    expect(again.body).toEqual({ invited: 0 });
    const [sms] = texts(bySms.phone);
    expect(sms.body).toMatch(/Reply Y to join or N/);
    expect(sms.body).not.toMatch(/recovery|circle|Robin Test/i);
    const [mail] = mails(byEmail.email);
    expect(mail.text).not.toMatch(/recovery|circle/i);
    const calendar = ical.sync.parseICS(mail.calendar ?? '');
    const events = Object.values(calendar).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.uid).toBe(`${occurrence.id}@127.0.0.1`);
    expect(new Date(event.start).toISOString()).toBe(occurrence.startsAt);
    expect(event.summary).not.toMatch(/recovery|circle/i);
    const attendees = ([] as unknown[]).concat(event.attendee ?? []);
    expect(attendees).toHaveLength(1);
    expect(JSON.stringify(attendees[0])).toContain(byEmail.email as string);
    expect((calendar.vcalendar as unknown as { method: string }).method).toBe('REQUEST');
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM meeting_invitation WHERE graduate_id = $1`, [unconsented.id])).toEqual([{ n: 0 }]);
    const events_ = await dataSource.query(`SELECT kind FROM engagement_event WHERE graduate_id = $1 AND kind LIKE 'meeting.%'`, [bySms.id]);
    expect(events_).toEqual([{ kind: 'meeting.invited' }]);
  });

  it('takes an RSVP by text reply and by the private link, and plans reminders for a yes', async () => {
    const texter = await alumnus('sms');
    const clicker = await alumnus('sms');
    const { occurrence } = await invitedMeeting([texter, clicker]);
    const reply = await inbound(texter.phone as string, 'Yes!');
    expect(reply.body).toContain('confirmed');
    const reminders = await deliveriesOf(texter.id, 'meeting.reminder');
    expect(reminders.map((r) => [r.status, new Date(r.due_at).getTime()])).toEqual([
      ['pending', new Date(occurrence.startsAt).getTime() - 24 * HOUR],
      ['pending', new Date(occurrence.startsAt).getTime() - HOUR],
    ]);

    const token = rsvpLink(texts(clicker.phone)[0].body) as string;
    const page = await http().get(`/r/${token}`).expect(200);
    expect(page.text).toContain('1200 Riverside Avenue');
    expect(page.text).not.toContain('Robin');
    const answered = await http().post(`/r/${token}`).type('form').send({ answer: 'no' }).expect(200);
    expect(answered.text).toContain('noted you can');
    expect(await deliveriesOf(clicker.id, 'meeting.reminder')).toEqual([]);
    const changed = await http().post(`/r/${token}`).type('form').send({ answer: 'yes' }).expect(200);
    expect(changed.text).toContain('confirmed');
    expect((await deliveriesOf(clicker.id, 'meeting.reminder')).map((r) => r.status)).toEqual(['pending', 'pending']);

    expect((await roster(occurrence.id)).map((r) => r.rsvp).sort()).toEqual(['yes', 'yes']);
    const rsvps = await dataSource.query(`SELECT payload->>'answer' AS answer, payload->>'source' AS source FROM engagement_event WHERE graduate_id = $1 AND kind = 'meeting.rsvp' ORDER BY id`, [clicker.id]);
    expect(rsvps).toEqual([
      { answer: 'no', source: 'link' },
      { answer: 'yes', source: 'link' },
    ]);
    await http().get(`/r/${'x'.repeat(43)}`).expect(404);
  });

  it('respects capacity with a waitlist, and gives a freed place to the first waiting', async () => {
    const [first, second, third] = [await alumnus(), await alumnus(), await alumnus()];
    const { occurrence } = await invitedMeeting([first, second, third], { capacity: 1 });
    expect((await inbound(first.phone as string, 'Y')).body).toContain('confirmed');
    expect((await inbound(second.phone as string, 'y')).body).toContain('waitlist');
    expect((await inbound(third.phone as string, 'si')).body).toContain('waitlist');
    expect(await deliveriesOf(second.id, 'meeting.reminder')).toEqual([]);
    await inbound(first.phone as string, 'N');
    const rows = await roster(occurrence.id);
    expect(Object.fromEntries(rows.map((r) => [r.graduateId, r.rsvp]))).toEqual({ [first.id]: 'no', [second.id]: 'yes', [third.id]: 'waitlisted' });
    await expectEventually(async () => expect(texts(second.phone).map((m) => m.body).join('\n')).toMatch(/place/i));
    expect((await deliveriesOf(second.id, 'meeting.reminder')).map((r) => r.status)).toEqual(['pending', 'pending']);
    expect((await http().get(`/meeting-occurrences/${occurrence.id}`).set('authorization', auth).expect(200)).body.counts).toMatchObject({ yes: 1, no: 1, waitlisted: 1 });
  });

  it('cancelling one occurrence cancels its reminders and sends one notice to those invited', async () => {
    const going = await alumnus('sms');
    const emailed = await alumnus('email');
    const { occurrence } = await invitedMeeting([going, emailed]);
    await inbound(going.phone as string, 'Y');
    await http().post(`/meeting-occurrences/${occurrence.id}/cancel`).set('authorization', auth).expect(200);
    expect(await deliveriesOf(going.id, 'meeting.reminder')).toEqual([
      expect.objectContaining({ status: 'cancelled', error_code: 'meeting_cancelled' }),
      expect.objectContaining({ status: 'cancelled', error_code: 'meeting_cancelled' }),
    ]);
    await expectEventually(async () => {
      expect(texts(going.phone).filter((m) => /cancel/i.test(m.body))).toHaveLength(1);
      expect(mails(emailed.email)).toHaveLength(2);
    });
    const cancellation = mails(emailed.email)[1];
    const parsed = ical.sync.parseICS(cancellation.calendar ?? '');
    expect((parsed.vcalendar as unknown as { method: string }).method).toBe('CANCEL');
    const [event] = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(event.uid).toBe(`${occurrence.id}@127.0.0.1`);
    expect(Number(event.sequence)).toBe(1);
    // A second cancel changes nothing and sends nothing more.
    await http().post(`/meeting-occurrences/${occurrence.id}/cancel`).set('authorization', auth).expect(200);
    expect((await deliveriesOf(going.id, 'meeting.cancelled')).length).toBe(1);
    const late = await inbound(going.phone as string, 'Y');
    expect(late.body).not.toContain('confirmed');
  });

  it('moving an occurrence re-plans reminders for the new time and tells those invited', async () => {
    const going = await alumnus('sms');
    const { occurrence } = await invitedMeeting([going], { inMs: 3 * 86_400_000 });
    await inbound(going.phone as string, 'Y');
    const newStart = utcLocal(4 * 86_400_000);
    const moved = await http().patch(`/meeting-occurrences/${occurrence.id}`).set('authorization', auth).send({ startsLocal: newStart, location: 'Room 4' }).expect(200);
    expect(moved.body).toMatchObject({ startsAt: `${newStart}:00.000Z`, place: 'Room 4', sequence: 1 });
    const reminders = await deliveriesOf(going.id, 'meeting.reminder');
    expect(reminders.filter((r) => r.status === 'pending').map((r) => new Date(r.due_at).toISOString())).toEqual([
      new Date(Date.parse(`${newStart}:00Z`) - 24 * HOUR).toISOString(),
      new Date(Date.parse(`${newStart}:00Z`) - HOUR).toISOString(),
    ]);
    expect(reminders.filter((r) => r.status === 'cancelled')).toHaveLength(2);
    await expectEventually(async () => expect(texts(going.phone).filter((m) => m.body.includes('Room 4'))).toHaveLength(1));
    const bad = await http().patch(`/meeting-occurrences/${occurrence.id}`).set('authorization', auth).send({ startsLocal: '2020-01-01T10:00' }).expect(422);
    expect(bad.body.details).toEqual([{ field: 'startsLocal', reason: 'must be in the future' }]);
  });

  it('records attendance from the roster in bulk and from a code texted in the room, then asks for a rating', async () => {
    const [coder, marked, absent] = [await alumnus(), await alumnus(), await alumnus()];
    const walkIn = await graduateWithConsent(api, auth, { timezone: noon() });
    const { occurrence } = await invitedMeeting([coder, marked, absent], { inMs: 30 * 60_000 });
    const checkedIn = await inbound(coder.phone as string, occurrence.checkInCode.toLowerCase().replace(/(...)/, '$1 '));
    expect(checkedIn.body).toContain('checked in');
    await http()
      .put(`/meeting-occurrences/${occurrence.id}/attendance`)
      .set('authorization', auth)
      .send({ records: [{ graduateId: marked.id, status: 'attended' }, { graduateId: absent.id, status: 'no_show' }, { graduateId: walkIn.id, status: 'attended' }] })
      .expect(200, { changed: 3 });
    const rows = Object.fromEntries((await roster(occurrence.id)).map((r) => [r.graduateId, [r.attendance, r.attendanceSource]]));
    expect(rows).toEqual({ [coder.id]: ['attended', 'code'], [marked.id]: ['attended', 'staff'], [absent.id]: ['no_show', 'staff'], [walkIn.id]: ['attended', 'staff'] });
    expect(await dataSource.query(`SELECT kind FROM engagement_event WHERE graduate_id = $1 AND kind IN ('meeting.attended', 'meeting.no_show')`, [absent.id])).toEqual([{ kind: 'meeting.no_show' }]);
    const foreign = await http()
      .put(`/meeting-occurrences/${occurrence.id}/attendance`)
      .set('authorization', auth)
      .send({ records: [{ graduateId: '0b0c0d0e-0000-4000-8000-000000000000', status: 'attended' }] })
      .expect(422);
    expect(foreign.body.details).toEqual([{ field: 'records.0.graduateId', reason: 'is not a graduate of this organisation' }]);

    // Once it is over (the clock moved on: the meeting's times moved back), those who came are asked for a one-tap rating.
    await dataSource.query(`UPDATE meeting_occurrence SET starts_at = now() - interval '3 hours', ends_at = now() - interval '90 minutes' WHERE id = $1`, [occurrence.id]);
    await worker.get(MeetingSweeper).sweep();
    await expectEventually(async () => expect(texts(coder.phone).filter((m) => m.body.includes('/f/'))).toHaveLength(1));
    expect(texts(absent.phone).filter((m) => m.body.includes('/f/'))).toHaveLength(0);
    const token = /\/f\/([A-Za-z0-9_-]{43})/.exec(texts(coder.phone).find((m) => m.body.includes('/f/'))?.body ?? '')?.[1] as string;
    await http().get(`/f/${token}`).expect(200);
    await http().post(`/f/${token}`).type('form').send({ rating: '5' }).expect(200);
    await http().post(`/f/${token}`).type('form').send({ rating: '1' }).expect(410);
    expect((await http().get(`/meeting-occurrences/${occurrence.id}`).set('authorization', auth).expect(200)).body.rating).toEqual({ count: 1, average: 5 });
  });

  it('cancelling a series cancels its future occurrences', async () => {
    const series = await createSeries({ title: 'Monthly', startsLocal: utcLocal(5 * 86_400_000), timezone: 'UTC', rrule: 'FREQ=WEEKLY;COUNT=3', durationMinutes: 60, location: 'Room 1', audience: { type: 'all' } });
    expect(await occurrencesOf(series.id)).toHaveLength(3);
    await http().post(`/meeting-series/${series.id}/cancel`).set('authorization', auth).expect(200);
    expect((await occurrencesOf(series.id)).map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await http().patch(`/meeting-series/${series.id}`).set('authorization', auth).send({ title: 'Again' }).expect(409);
  });
});
