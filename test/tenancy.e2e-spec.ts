import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

type Ids = Record<string, string>;
type Sweep = { body?: object; params: (ids: Ids) => Record<string, string> };

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/**
 * Every route that takes an id, with a body that would succeed for its owner. The sweep fails
 * when the OpenAPI document lists a route with a path parameter that is missing here, so a new
 * endpoint cannot skip the check.
 */
const SWEEP: Record<string, Sweep> = {
  'GET /graduates/{id}': { params: (i) => ({ id: i.graduate }) },
  'PATCH /graduates/{id}': { body: { notes: 'changed' }, params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{graduateId}/contacts': { params: (i) => ({ graduateId: i.graduate }) },
  'POST /graduates/{graduateId}/contacts': { body: { name: 'Pat', relationship: 'friend', email: 'pat@example.org' }, params: (i) => ({ graduateId: i.graduate }) },
  'GET /contacts/{id}': { params: (i) => ({ id: i.contact }) },
  'PATCH /contacts/{id}': { body: { name: 'Changed' }, params: (i) => ({ id: i.contact }) },
  'DELETE /contacts/{id}': { params: (i) => ({ id: i.contact }) },
  'GET /graduates/{graduateId}/consents': { params: (i) => ({ graduateId: i.graduate }) },
  'POST /graduates/{graduateId}/consents': {
    body: { channel: 'sms', purpose: 'check_ins', method: 'verbal', shownText: 'Weekly texts.' },
    params: (i) => ({ graduateId: i.graduate }),
  },
  'POST /graduates/{graduateId}/consents/revocations': { body: { method: 'verbal' }, params: (i) => ({ graduateId: i.graduate }) },
  'GET /staff/{id}': { params: (i) => ({ id: i.staff }) },
  'PATCH /staff/{id}': { body: { displayName: 'Changed' }, params: (i) => ({ id: i.staff }) },
  'POST /staff/{id}/password': { body: { password: 'a-long-new-password-1' }, params: (i) => ({ id: i.staff }) },
  'GET /diagnostics/queue-probes/{id}': { params: (i) => ({ id: i.probe }) },
  'GET /deliveries/{id}': { params: (i) => ({ id: i.delivery }) },
  'POST /graduates/{graduateId}/test-messages': { body: { channel: 'sms' }, params: (i) => ({ graduateId: i.graduate }) },
  'GET /check-in-plans/{id}': { params: (i) => ({ id: i.plan }) },
  'PATCH /check-in-plans/{id}': { body: { name: 'Changed plan' }, params: (i) => ({ id: i.plan }) },
  'GET /check-in-plans/{id}/schedule?dischargeDate=2026-12-01&timezone=UTC': { params: (i) => ({ id: i.plan }) },
  'PUT /graduates/{id}/coordinator': { body: { coordinatorId: null }, params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/check-in-enrolment': { params: (i) => ({ id: i.graduate }) },
  'PATCH /graduates/{id}/check-in-enrolment': { body: { status: 'paused' }, params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/check-ins': { params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/instrument-scores': { params: (i) => ({ id: i.graduate }) },
  'GET /alerts/{id}': { params: (i) => ({ id: i.alert }) },
  'PATCH /alerts/{id}': { body: { status: 'acknowledged' }, params: (i) => ({ id: i.alert }) },
  'POST /alerts/{id}/notes': { body: { body: 'Called back.' }, params: (i) => ({ id: i.alert }) },
  'GET /broadcasts/{id}': { params: (i) => ({ id: i.broadcast }) },
  'POST /broadcasts/{id}/send': { body: {}, params: (i) => ({ id: i.broadcast }) },
  'POST /broadcasts/{id}/cancel': { params: (i) => ({ id: i.broadcast }) },
  'GET /graduates/{id}/conversation': { params: (i) => ({ id: i.graduate }) },
  'POST /graduates/{id}/conversation': { body: { body: 'Hello there' }, params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/contact-log': { params: (i) => ({ id: i.graduate }) },
  'POST /graduates/{id}/contact-log': { body: { method: 'call', outcome: 'reached' }, params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/timeline': { params: (i) => ({ id: i.graduate }) },
  'GET /graduates/{id}/engagement': { params: (i) => ({ id: i.graduate }) },
  'GET /meeting-series/{id}': { params: (i) => ({ id: i.series }) },
  'PATCH /meeting-series/{id}': { body: { title: 'Taken over' }, params: (i) => ({ id: i.series }) },
  'POST /meeting-series/{id}/cancel': { params: (i) => ({ id: i.series }) },
  'GET /meeting-occurrences/{id}': { params: (i) => ({ id: i.occurrence }) },
  'PATCH /meeting-occurrences/{id}': { body: { location: 'Elsewhere' }, params: (i) => ({ id: i.occurrence }) },
  'POST /meeting-occurrences/{id}/cancel': { params: (i) => ({ id: i.occurrence }) },
  'POST /meeting-occurrences/{id}/invitations': { params: (i) => ({ id: i.occurrence }) },
  'GET /meeting-occurrences/{id}/roster': { params: (i) => ({ id: i.occurrence }) },
  'PUT /meeting-occurrences/{id}/attendance': { body: { records: [{ graduateId: '0b0c0d0e-0000-4000-8000-000000000000', status: 'attended' }] }, params: (i) => ({ id: i.occurrence }) },
  'GET /graduates/{graduateId}/family-sessions': { params: (i) => ({ graduateId: i.graduate }) },
  'POST /graduates/{graduateId}/family-sessions': {
    body: { startsLocal: '2099-01-01T10:00', durationMinutes: 60, location: 'Room 2', contactIds: ['0b0c0d0e-0000-4000-8000-000000000000'] },
    params: (i) => ({ graduateId: i.graduate }),
  },
  'GET /family-sessions/{id}': { params: (i) => ({ id: i.familySession }) },
  'PATCH /family-sessions/{id}': { body: { location: 'Elsewhere' }, params: (i) => ({ id: i.familySession }) },
  'POST /family-sessions/{id}/cancel': { params: (i) => ({ id: i.familySession }) },
  'PUT /family-sessions/{id}/attendance': { body: { records: [{ contactId: '0b0c0d0e-0000-4000-8000-000000000000', status: 'attended' }] }, params: (i) => ({ id: i.familySession }) },
};

/**
 * Routes whose path parameter is not a record id, and why they need no sweep: templates are keyed
 * by kind/channel/language within the caller's own organisation (a preview reads none of them);
 * unsubscribe takes a link token (test/link-tokens and test/delivery-email cover those).
 */
const NOT_RECORD_IDS = [
  'PUT /templates/{kind}/{channel}/{language}',
  'POST /templates/{kind}/{channel}/{language}/preview',
  'DELETE /templates/{kind}/{channel}/{language}',
  'GET /unsubscribe/{token}',
  'POST /unsubscribe/{token}',
];

describe("another organisation's records answer 404 on every route that takes an id", () => {
  let app: NestExpressApplication;
  let owner: StaffFixture;
  let ownerAuth: string;
  let intruderAuth: string;
  let routes: string[];
  const ids: Ids = {};
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    const dataSource = app.get(getDataSourceToken());
    owner = await createStaff(dataSource);
    ownerAuth = await bearerFor(app, owner);
    intruderAuth = await bearerFor(app, await createStaff(dataSource));
    const other = await createStaff(dataSource, { organisationId: owner.organisationId, role: 'coordinator' });
    ids.staff = other.userId;

    ids.graduate = (
      await http()
        .post('/graduates')
        .set('authorization', ownerAuth)
        .send({ firstName: 'Lee', lastName: 'Chen', timezone: 'America/Chicago', phone: '+13125550100', dischargeDate: '2026-11-01' })
        .expect(201)
    ).body.id;
    ids.contact = (
      await http()
        .post(`/graduates/${ids.graduate}/contacts`)
        .set('authorization', ownerAuth)
        .send({ name: 'Mei Chen', relationship: 'sibling', phone: '+13125550101' })
        .expect(201)
    ).body.id;
    await http()
      .post(`/graduates/${ids.graduate}/consents`)
      .set('authorization', ownerAuth)
      .send({ contactId: ids.contact, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText: 'Notices.', description: 'Dates', expiresAt: inDays(30) })
      .expect(201);
    ids.probe = (await http().post('/diagnostics/queue-probes').set('authorization', ownerAuth).send({ delayMs: 0 }).expect(202)).body.id;
    ids.plan = (await http().post('/check-in-plans').set('authorization', ownerAuth).send({ name: 'Owner plan', protocol: 'tmac@1' }).expect(201)).body.id;
    await http().post('/check-in-enrolments').set('authorization', ownerAuth).send({ planId: ids.plan, graduateIds: [ids.graduate] }).expect(200);
    [{ id: ids.alert }] = await dataSource.query(
      `INSERT INTO alert (organisation_id, graduate_id, kind, urgency, reasons, dedupe_key) VALUES ($1, $2, 'missed_twice', 'routine', '{missed_twice}', 'tenancy') RETURNING id`,
      [owner.organisationId, ids.graduate],
    );
    ids.delivery = (await http().post(`/graduates/${ids.graduate}/test-messages`).set('authorization', ownerAuth).send({ channel: 'sms' }).expect(201)).body.id;
    ids.series = (
      await http()
        .post('/meeting-series')
        .set('authorization', ownerAuth)
        .send({ title: 'Owner meeting', startsLocal: inDays(10).slice(0, 16), timezone: 'UTC', durationMinutes: 60, location: 'Room 1', audience: { type: 'all' } })
        .expect(201)
    ).body.id;
    ids.occurrence = (await http().get(`/meeting-occurrences?from=${inDays(0)}&to=${inDays(30)}&seriesId=${ids.series}`).set('authorization', ownerAuth).expect(200)).body[0].id;
    ids.broadcast = (await http().post('/broadcasts').set('authorization', ownerAuth).send({ name: 'Owner news', bodies: { en: 'Hello all.' }, segment: {} }).expect(201)).body.id;
    ids.familySession = (
      await http()
        .post(`/graduates/${ids.graduate}/family-sessions`)
        .set('authorization', ownerAuth)
        .send({ startsLocal: inDays(10).slice(0, 16), timezone: 'UTC', durationMinutes: 60, location: 'Room 2', contactIds: [ids.contact] })
        .expect(201)
    ).body.id;

    const doc = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('covers every route with a path parameter', () => {
    const swept = new Set(Object.keys(SWEEP).map((route) => route.split('?')[0]));
    expect(routes.filter((route) => !swept.has(route) && !NOT_RECORD_IDS.includes(route))).toEqual([]);
  });

  it.each(Object.keys(SWEEP))('%s', async (route) => {
    const [method, template] = route.split(' ');
    const { body, params } = SWEEP[route];
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => params(ids)[name]);
    const call = http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set('authorization', intruderAuth);
    const res = await (body ? call.send(body) : call);
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 404, message: expect.stringMatching(/ not found$/) });
  });

  it("left the owner's records as they were", async () => {
    const graduate = await http().get(`/graduates/${ids.graduate}`).set('authorization', ownerAuth).expect(200);
    expect(graduate.body.notes).toBeNull();
    const contact = await http().get(`/contacts/${ids.contact}`).set('authorization', ownerAuth).expect(200);
    expect(contact.body.name).toBe('Mei Chen');
    const consents = await http().get(`/graduates/${ids.graduate}/consents`).set('authorization', ownerAuth).expect(200);
    expect(consents.body.history).toHaveLength(1);
    expect(consents.body.current[0]).toMatchObject({ active: true });
    const series = await http().get(`/meeting-series/${ids.series}`).set('authorization', ownerAuth).expect(200);
    expect(series.body).toMatchObject({ title: 'Owner meeting', status: 'active' });
    const occurrence = await http().get(`/meeting-occurrences/${ids.occurrence}`).set('authorization', ownerAuth).expect(200);
    expect(occurrence.body).toMatchObject({ status: 'scheduled', location: null, invitedAt: null, sequence: 0 });
    const session = await http().get(`/family-sessions/${ids.familySession}`).set('authorization', ownerAuth).expect(200);
    expect(session.body).toMatchObject({ status: 'scheduled', location: 'Room 2', sequence: 0 });
    const broadcast = await http().get(`/broadcasts/${ids.broadcast}`).set('authorization', ownerAuth).expect(200);
    expect(broadcast.body).toMatchObject({ status: 'draft', recipients: null });
  });
});
