import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { StaffRole, StaffUserEntity } from '@continuum/persistence';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@Example.TEST`;

describe('staff management', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let admin: StaffFixture;
  let adminAuth: string;
  let coordinator: StaffFixture;
  let coordinatorAuth: string;
  let otherOrgAuth: string;
  const http = () => request(app.getHttpServer());
  const login = (email: string, password: string) => http().post('/auth/login').send({ email, password });
  const createVia = (auth: string, body: object) => http().post('/staff').set('authorization', auth).send(body);
  const patch = (auth: string, id: string, body: object) => http().patch(`/staff/${id}`).set('authorization', auth).send(body);
  const newCoordinator = () => ({
    email: uniqueEmail('coord'),
    displayName: '  Sam Lee ',
    role: 'coordinator',
    password: 'correct-horse-battery',
  });

  beforeAll(async () => {
    app = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    dataSource = app.get(getDataSourceToken());
    admin = await createStaff(dataSource);
    adminAuth = await bearerFor(app, admin);
    coordinator = await createStaff(dataSource, { organisationId: admin.organisationId, role: StaffRole.Coordinator });
    coordinatorAuth = await bearerFor(app, coordinator);
    otherOrgAuth = await bearerFor(app, await createStaff(dataSource));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets an admin create a coordinator who can then sign in, and audits it', async () => {
    const body = newCoordinator();
    const res = await createVia(adminAuth, body).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: body.email.toLowerCase(),
      displayName: 'Sam Lee',
      role: 'coordinator',
      disabled: false,
      phone: null,
      onCall: false,
      lockedUntil: null,
      createdAt: expect.any(String),
    });
    const session = await login(body.email, body.password).expect(200);
    expect(session.body.user).toMatchObject({ id: res.body.id, role: 'coordinator', organisation: { id: admin.organisationId } });

    const listed = await http().get('/staff').set('authorization', adminAuth).expect(200);
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([admin.userId, coordinator.userId, res.body.id]));
    for (const item of [res.body, ...listed.body]) expect(item).not.toHaveProperty('passwordHash');

    const events = await http().get(`/audit-events?subjectId=${res.body.id}`).set('authorization', adminAuth).expect(200);
    expect(events.body).toEqual([expect.objectContaining({ action: 'staff.create', actorId: admin.userId, subjectType: 'staff' })]);
  });

  it('records a phone in E.164 and makes one coordinator at a time the on-call one; disabling stands them down', async () => {
    const [a, b] = [(await createVia(adminAuth, newCoordinator()).expect(201)).body, (await createVia(adminAuth, newCoordinator()).expect(201)).body];
    const set = (id: string, body: object) => http().patch(`/staff/${id}`).set('authorization', adminAuth).send(body);
    expect((await set(a.id, { phone: '(312) 555-0142', onCall: true }).expect(200)).body).toMatchObject({ phone: '+13125550142', onCall: true });
    expect((await set(b.id, { onCall: true }).expect(200)).body).toMatchObject({ onCall: true });
    expect((await http().get(`/staff/${a.id}`).set('authorization', adminAuth).expect(200)).body.onCall).toBe(false);
    const refused = await set(a.id, { phone: '12' }).expect(422);
    expect(refused.body.details).toEqual([{ field: 'phone', reason: expect.any(String) }]);
    expect((await set(b.id, { disabled: true }).expect(200)).body).toMatchObject({ disabled: true, onCall: false });
    expect((await http().get(`/staff/${a.id}`).set('authorization', adminAuth).expect(200)).body).toMatchObject({ phone: '+13125550142', onCall: false });
  });

  it('keeps coordinators out of every /staff route', async () => {
    const id = admin.userId;
    const attempts = [
      http().get('/staff'),
      http().get(`/staff/${id}`),
      http().post('/staff').send(newCoordinator()),
      http().patch(`/staff/${id}`).send({ displayName: 'Hijacked' }),
      http().post(`/staff/${id}/password`).send({ password: 'hijacked-password-1' }),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('authorization', coordinatorAuth);
      expect(res.status).toBe(403);
    }
    await login(admin.email, admin.password).expect(200);
    const row = await dataSource.getRepository(StaffUserEntity).findOneByOrFail({ id });
    expect(row.displayName).not.toBe('Hijacked');
  });

  it("answers 404 for this organisation's staff to another organisation's admin, and hides them from its list", async () => {
    const id = coordinator.userId;
    const read = await http().get(`/staff/${id}`).set('authorization', otherOrgAuth).expect(404);
    expect(read.body).toMatchObject({ statusCode: 404, message: 'Staff member not found' });
    await patch(otherOrgAuth, id, { disabled: true }).expect(404);
    await http().post(`/staff/${id}/password`).set('authorization', otherOrgAuth).send({ password: 'taken-over-password' }).expect(404);
    const theirList = await http().get('/staff?includeDisabled=true').set('authorization', otherOrgAuth).expect(200);
    expect(theirList.body.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(theirList.body).toHaveLength(1);
    await login(coordinator.email, coordinator.password).expect(200);
  });

  it.each([
    [{ email: 'not-an-email' }, 'email', 'must be an email address'],
    [{ password: 'too-short' }, 'password', 'must be at least 12 characters'],
    [{ role: 'owner' }, 'role', 'must be one of admin, coordinator'],
    [{ displayName: '' }, 'displayName', 'must not be empty'],
    [{ organisationId: '6f1d3c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f' }, 'organisationId', 'is not an accepted field'],
  ])('refuses %j on create with 400 naming %s', async (override, field, reason) => {
    const res = await createVia(adminAuth, { ...newCoordinator(), ...override }).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([{ field, reason }]));
  });

  it('refuses bad updates, password resets and list filters with 400 naming the field', async () => {
    const role = await patch(adminAuth, coordinator.userId, { role: 'owner' }).expect(400);
    expect(role.body.details).toEqual([{ field: 'role', reason: 'must be one of admin, coordinator' }]);
    const disabled = await patch(adminAuth, coordinator.userId, { disabled: 'yes' }).expect(400);
    expect(disabled.body.details).toEqual([{ field: 'disabled', reason: 'must be true or false' }]);
    const unknown = await patch(adminAuth, coordinator.userId, { passwordHash: 'x' }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'passwordHash', reason: 'is not an accepted field' }]);
    const short = await http().post(`/staff/${coordinator.userId}/password`).set('authorization', adminAuth).send({ password: 'short' }).expect(400);
    expect(short.body.details).toEqual([{ field: 'password', reason: 'must be at least 12 characters' }]);
    const filter = await http().get('/staff?includeDisabled=maybe').set('authorization', adminAuth).expect(400);
    expect(filter.body.details).toEqual([{ field: 'includeDisabled', reason: 'must be true or false' }]);
    const badId = await http().get('/staff/not-a-uuid').set('authorization', adminAuth).expect(400);
    expect(badId.body.details).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
  });

  it('refuses an email already used, in any case and in any organisation, with 409', async () => {
    const body = newCoordinator();
    await createVia(adminAuth, body).expect(201);
    const again = await createVia(adminAuth, { ...body, email: body.email.toUpperCase() }).expect(409);
    expect(again.body.details).toEqual([{ field: 'email', reason: 'is already used by another staff account' }]);
    await createVia(otherOrgAuth, { ...body, email: admin.email }).expect(409);
  });

  it('disabling ends existing sessions and blocks sign-in; re-enabling restores sign-in', async () => {
    const created = (await createVia(adminAuth, newCoordinator()).expect(201)).body;
    const password = 'correct-horse-battery';
    const session = (await login(created.email, password).expect(200)).body;
    const keptSession = (await login(created.email, password).expect(200)).body;

    const off = await patch(adminAuth, created.id, { disabled: true }).expect(200);
    expect(off.body).toMatchObject({ id: created.id, disabled: true });
    await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await login(created.email, password).expect(401);

    const hidden = await http().get('/staff').set('authorization', adminAuth).expect(200);
    expect(hidden.body.map((s: { id: string }) => s.id)).not.toContain(created.id);
    const shown = await http().get('/staff?includeDisabled=true').set('authorization', adminAuth).expect(200);
    expect(shown.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id, disabled: true })]));

    await dataSource.getRepository(StaffUserEntity).update({ id: created.id }, { failedLogins: 4, lockedUntil: new Date(Date.now() + 600_000) });
    const on = await patch(adminAuth, created.id, { disabled: false }).expect(200);
    expect(on.body).toMatchObject({ disabled: false, lockedUntil: null });
    await login(created.email, password).expect(200);
    // Disabling revoked it, so re-enabling does not bring the old session back.
    await http().post('/auth/refresh').send({ refreshToken: keptSession.refreshToken }).expect(401);

    const events = await http().get(`/audit-events?subjectId=${created.id}&action=staff.update`).set('authorization', adminAuth).expect(200);
    expect(events.body.map((e: { detail: unknown }) => e.detail)).toEqual([{ fields: ['disabled'] }, { fields: ['disabled'] }]);
  });

  it('stops a disabled admin from using a still-valid access token on /staff', async () => {
    const second = await createStaff(dataSource, { organisationId: admin.organisationId });
    const secondAuth = await bearerFor(app, second);
    await http().get('/staff').set('authorization', secondAuth).expect(200);
    await patch(adminAuth, second.userId, { disabled: true }).expect(200);
    await http().get('/staff').set('authorization', secondAuth).expect(401);
    await createVia(secondAuth, newCoordinator()).expect(401);
  });

  describe('admin guard rails', () => {
    it('refuses to let an admin disable or demote themself', async () => {
      // Another enabled admin exists, so only the self rule can refuse.
      await createStaff(dataSource, { organisationId: admin.organisationId });
      const disable = await patch(adminAuth, admin.userId, { disabled: true }).expect(422);
      expect(disable.body.details).toEqual([{ field: 'disabled', reason: 'you cannot disable your own account' }]);
      const demote = await patch(adminAuth, admin.userId, { role: 'coordinator' }).expect(422);
      expect(demote.body.details).toEqual([{ field: 'role', reason: 'you cannot remove your own admin role' }]);
      const row = await dataSource.getRepository(StaffUserEntity).findOneByOrFail({ id: admin.userId });
      expect(row).toMatchObject({ role: 'admin', disabledAt: null });
      const renamed = await patch(adminAuth, admin.userId, { displayName: 'Renamed Admin' }).expect(200);
      expect(renamed.body).toMatchObject({ displayName: 'Renamed Admin', role: 'admin', disabled: false });
    });

    it('refuses to demote the last enabled admin, and lets an admin promote and demote others', async () => {
      const solo = await createStaff(dataSource);
      const soloAuth = await bearerFor(app, solo);
      const last = await patch(soloAuth, solo.userId, { role: 'coordinator' }).expect(422);
      expect(last.body).toMatchObject({ message: 'The organisation must keep at least one enabled admin' });
      expect(last.body.details).toEqual([{ field: 'role', reason: 'would leave the organisation without an enabled admin' }]);

      const helper = (await createVia(soloAuth, { ...newCoordinator(), role: 'admin' }).expect(201)).body;
      await patch(soloAuth, helper.id, { role: 'coordinator' }).expect(200);
      const promoted = await patch(soloAuth, helper.id, { role: 'admin' }).expect(200);
      expect(promoted.body.role).toBe('admin');
      const row = await dataSource.getRepository(StaffUserEntity).findOneByOrFail({ id: solo.userId });
      expect(row.role).toBe('admin');
    });
  });

  it('resets a password: the new one works, the old one and old sessions do not, and a lockout is lifted', async () => {
    const target = await createStaff(dataSource, { organisationId: admin.organisationId, role: StaffRole.Coordinator });
    const session = (await login(target.email, target.password).expect(200)).body;
    await dataSource.getRepository(StaffUserEntity).update({ id: target.userId }, { failedLogins: 5, lockedUntil: new Date(Date.now() + 600_000) });
    const locked = await http().get(`/staff/${target.userId}`).set('authorization', adminAuth).expect(200);
    expect(Date.parse(locked.body.lockedUntil)).toBeGreaterThan(Date.now());

    const res = await http().post(`/staff/${target.userId}/password`).set('authorization', adminAuth).send({ password: 'a-brand-new-password' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    await login(target.email, target.password).expect(401);
    await login(target.email, 'a-brand-new-password').expect(200);
    await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);

    const events = await http().get(`/audit-events?subjectId=${target.userId}`).set('authorization', adminAuth).expect(200);
    expect(events.body).toEqual([expect.objectContaining({ action: 'staff.password-reset', detail: {} })]);
  });
});
