import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEMO_LOGINS, seedDemo } from '@continuum/identity';
import { DEMO_PLANS } from '@continuum/check-ins';
import { ConsentService } from '@continuum/people';
import { testConfig } from '@continuum/testing';
import { populateDemo } from '../apps/api/src/demo-populator';
import { startApi } from './support/apps';

describe('demo organisation', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  const password = 'demo-password-for-tests';
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = app.get(getDataSourceToken());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('is created once, with logins, graduates, a family contact and active consents', async () => {
    expect(await seedDemo(dataSource, password, populateDemo)).toBe(true);
    expect(await seedDemo(dataSource, password, populateDemo)).toBe(false);

    const login = await http().post('/auth/login').send({ email: DEMO_LOGINS.coordinator, password }).expect(200);
    const auth = `Bearer ${login.body.accessToken}`;
    const organisationId: string = login.body.user.organisation.id;

    const list = await http().get('/graduates?pageSize=50').set('authorization', auth).expect(200);
    expect(list.body.total).toBe(6);
    const jordan = list.body.items.find((g: { externalId: string }) => g.externalId === 'DEMO-001');
    expect(jordan).toMatchObject({ firstName: 'Jordan', phone: '+13125550101', status: 'active' });

    const contacts = await http().get(`/graduates/${jordan.id}/contacts`).set('authorization', auth).expect(200);
    expect(contacts.body).toEqual([expect.objectContaining({ name: 'Rosa Rivera', relationship: 'parent' })]);

    const consent = app.get(ConsentService);
    const base = { organisationId, graduateId: jordan.id };
    const overview = await http().get(`/graduates/${jordan.id}/consents`).set('authorization', auth).expect(200);
    expect(overview.body.current.filter((c: { active: boolean }) => c.active)).toHaveLength(3);
    await expect(
      consent.isActive({ ...base, recipient: { type: 'contact', contactId: contacts.body[0].id }, channel: 'sms', purpose: 'family_session_notices' }),
    ).resolves.toBe(true);
    await expect(consent.isActive({ ...base, recipient: { type: 'graduate' }, channel: 'sms', purpose: 'check_ins' })).resolves.toBe(true);

    // The check-in demo: its plans, a coordinator on call, and three check-ins minutes apart once enrolled.
    const plans = await http().get('/check-in-plans').set('authorization', auth).expect(200);
    expect(plans.body.map((p: { name: string }) => p.name).sort()).toEqual([DEMO_PLANS.taper, DEMO_PLANS.minutes].sort());
    const [{ on_call_staff_id: onCall }] = await dataSource.query(`SELECT on_call_staff_id FROM organisation WHERE id = $1`, [organisationId]);
    expect(onCall).toBe(login.body.user.id);
    const minutes = plans.body.find((p: { name: string }) => p.name === DEMO_PLANS.minutes);
    const enrolled = await http().post('/check-in-enrolments').set('authorization', auth).send({ planId: minutes.id, graduateIds: [jordan.id] }).expect(200);
    expect(enrolled.body).toMatchObject({ enrolled: 1, checkIns: 3 });
    const checkIns = await http().get(`/graduates/${jordan.id}/check-ins`).set('authorization', auth).expect(200);
    // Minutes apart (quiet hours in the graduate's zone may hold them until morning).
    expect(checkIns.body.map((c: { offset: string }) => c.offset)).toEqual(['PT1M', 'PT3M', 'PT5M']);

    // The meeting demo: a weekly Thursday evening for all alumni, 18:30 in Chicago, materialised ahead.
    const series = await http().get('/meeting-series').set('authorization', auth).expect(200);
    expect(series.body.items).toEqual([expect.objectContaining({ title: 'Thursday alumni evening (demo)', rrule: 'FREQ=WEEKLY;BYDAY=TH', audience: { type: 'all' } })]);
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const occurrences = await http().get(`/meeting-occurrences?from=${from}&to=${to}`).set('authorization', auth).expect(200);
    expect(occurrences.body.length).toBeGreaterThanOrEqual(4);
    for (const o of occurrences.body as { startsAt: string }[]) {
      expect(DateTime.fromISO(o.startsAt, { zone: 'America/Chicago' }).toFormat('ccc HH:mm')).toBe('Thu 18:30');
    }
    const invited = await http().post(`/meeting-occurrences/${occurrences.body[0].id}/invitations`).set('authorization', auth).expect(200);
    expect(invited.body.invited).toBeGreaterThanOrEqual(4);
  });
});
