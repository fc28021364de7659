import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { StaffRole, StaffUserEntity } from '@continuum/persistence';
import { createStaff, type StaffFixture, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';

describe('staff authentication', () => {
  // Many sign-ins from one address here; the limit itself is tested below with the default.
  const config = testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  let app: NestExpressApplication;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());
  const login = (email: string, password: string) => http().post('/auth/login').send({ email, password });

  beforeAll(async () => {
    app = await startApi(config);
    dataSource = app.get(getDataSourceToken());
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('sign-in', () => {
    let admin: StaffFixture;
    beforeAll(async () => {
      admin = await createStaff(dataSource);
    });

    it('answers tokens and the caller profile, with a short-lived HS256 access token', async () => {
      const res = await login(admin.email.toUpperCase(), admin.password).expect(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: { id: admin.userId, email: admin.email, role: 'admin', organisation: { id: admin.organisationId } },
      });
      const decoded = new JwtService().decode(res.body.accessToken, { complete: true }) as {
        header: { alg: string };
        payload: { iss: string; aud: string; exp: number; iat: number; sub: string; org: string };
      };
      expect(decoded.header.alg).toBe('HS256');
      expect(decoded.payload).toMatchObject({ iss: 'continuum', aud: 'continuum-api', sub: admin.userId, org: admin.organisationId });
      expect(decoded.payload.exp - decoded.payload.iat).toBeLessThanOrEqual(900);
      expect(res.body.user).not.toHaveProperty('passwordHash');
    });

    it('refuses a wrong password and an unknown email with the same 401', async () => {
      const wrong = await login(admin.email, 'not-the-password').expect(401);
      const unknown = await login('nobody@example.test', 'whatever-password').expect(401);
      expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' });
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('names a malformed email and an unknown field', async () => {
      const res = await http().post('/auth/login').send({ email: 'not-an-email', password: 'x', role: 'admin' }).expect(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { field: 'email', reason: 'must be an email address' },
          { field: 'role', reason: 'is not an accepted field' },
        ]),
      );
    });

    it('locks the account after five wrong passwords, even against the right one', async () => {
      const victim = await createStaff(dataSource, { role: StaffRole.Coordinator });
      for (let i = 1; i <= 4; i += 1) await login(victim.email, `wrong-${i}`).expect(401);
      const fifth = await login(victim.email, 'wrong-5').expect(429);
      expect(fifth.body.message).toBe('Too many failed sign-ins; try again later');
      await login(victim.email, victim.password).expect(429);
      const row = await dataSource.getRepository(StaffUserEntity).findOneByOrFail({ id: victim.userId });
      expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    });

    it('refuses a disabled account', async () => {
      const gone = await createStaff(dataSource);
      await dataSource.getRepository(StaffUserEntity).update({ id: gone.userId }, { disabledAt: new Date() });
      await login(gone.email, gone.password).expect(401);
    });
  });

  describe('access tokens', () => {
    let admin: StaffFixture;
    let token: string;
    beforeAll(async () => {
      admin = await createStaff(dataSource);
      token = (await login(admin.email, admin.password)).body.accessToken;
    });

    const me = (authorization?: string) => {
      const req = http().get('/auth/me');
      return authorization ? req.set('authorization', authorization) : req;
    };
    const forge = (payload: object, options: { secret?: string; audience?: string; expiresIn?: number } = {}) =>
      new JwtService().sign(
        { sub: admin.userId, org: admin.organisationId, role: 'admin', ...payload },
        {
          secret: options.secret ?? config.JWT_SECRET,
          issuer: 'continuum',
          audience: options.audience ?? 'continuum-api',
          expiresIn: options.expiresIn ?? 60,
          algorithm: 'HS256',
        },
      );

    it('lets a valid token through', async () => {
      const res = await me(`Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ id: admin.userId, role: 'admin' });
    });

    it('refuses a missing, tampered, foreign, mis-addressed, expired or unsigned token', async () => {
      await me().expect(401);
      await me(`Bearer ${token.slice(0, -2)}xx`).expect(401);
      await me(`Bearer ${forge({}, { secret: 'another-secret-that-is-long-enough-000' })}`).expect(401);
      await me(`Bearer ${forge({}, { audience: 'someone-else' })}`).expect(401);
      await me(`Bearer ${forge({}, { expiresIn: -10 })}`).expect(401);
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: admin.userId, org: admin.organisationId, role: 'admin', iss: 'continuum', aud: 'continuum-api', exp: 9_999_999_999 }),
      ).toString('base64url')}.`;
      await me(`Bearer ${unsigned}`).expect(401);
      await me(`Bearer ${forge({ role: 'superuser' })}`).expect(401);
    });

    it('keeps coordinators out of admin routes and everyone out without a token', async () => {
      const coordinator = await createStaff(dataSource, { organisationId: admin.organisationId, role: StaffRole.Coordinator });
      const coordinatorToken = (await login(coordinator.email, coordinator.password)).body.accessToken;
      const res = await http().post('/diagnostics/queue-probes').set('authorization', `Bearer ${coordinatorToken}`).send({}).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await http().post('/diagnostics/queue-probes').send({}).expect(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on use; a reused token revokes the whole session', async () => {
      const staff = await createStaff(dataSource);
      const first = (await login(staff.email, staff.password).expect(200)).body;
      const second = (await http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await http().get('/auth/me').set('authorization', `Bearer ${second.accessToken}`).expect(200);

      // The first token again: someone copied it. Both it and its successor stop working.
      await http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      await http().post('/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    });

    it('stop working after logout', async () => {
      const staff = await createStaff(dataSource);
      const session = (await login(staff.email, staff.password).expect(200)).body;
      await http().post('/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
      await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    });

    it('refuses an unknown refresh token', async () => {
      await http().post('/auth/refresh').send({ refreshToken: 'x'.repeat(43) }).expect(401);
    });
  });
});

describe('sign-in throttling', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startApi(testConfig());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 429 after ten attempts a minute from one address, whatever the account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const res = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ email: `someone-${i}@example.test`, password: 'wrong-password' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});
