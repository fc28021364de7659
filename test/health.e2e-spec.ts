import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { expectEventually, TcpProxy, testConfig, viaPort } from '@continuum/testing';
import { startApi } from './support/apps';

/**
 * Postgres and Redis are taken "down" for this app only, by cutting a loopback proxy in front
 * of the real servers, so other tests sharing them are not disturbed.
 */
describe('GET /health', () => {
  const base = testConfig();
  const pgUrl = new URL(base.DATABASE_URL);
  const redisUrl = new URL(base.REDIS_URL);
  const pgProxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
  const redisProxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  let app: NestExpressApplication;

  beforeAll(async () => {
    const config = testConfig({
      DATABASE_URL: viaPort(base.DATABASE_URL, await pgProxy.start()),
      REDIS_URL: viaPort(base.REDIS_URL, await redisProxy.start()),
    });
    app = await startApi(config);
  });

  afterAll(async () => {
    pgProxy.restore();
    redisProxy.restore();
    await app?.close();
    await pgProxy.stop();
    await redisProxy.stop();
  });

  const health = () => request(app.getHttpServer()).get('/health');

  it('answers 200 with both dependencies up', async () => {
    const res = await health().expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers 503 naming Redis within 5 s of Redis going away, and 200 after it returns', async () => {
    redisProxy.cut();
    const started = Date.now();
    const down = await expectEventually(
      async () => {
        const res = await health();
        expect(res.status).toBe(503);
        return res;
      },
      { timeoutMs: 5_000 },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(down.body.details).toEqual([{ field: 'redis', reason: expect.stringMatching(/^down/) }]);

    redisProxy.restore();
    await expectEventually(async () => expect((await health()).status).toBe(200), { timeoutMs: 10_000 });
  });

  it('answers 503 naming Postgres when Postgres goes away, and 200 after it returns', async () => {
    pgProxy.cut();
    const down = await expectEventually(
      async () => {
        const res = await health();
        expect(res.status).toBe(503);
        return res;
      },
      { timeoutMs: 5_000 },
    );
    expect(down.body.details).toEqual([{ field: 'postgres', reason: expect.stringMatching(/^down/) }]);

    pgProxy.restore();
    await expectEventually(async () => expect((await health()).status).toBe(200), { timeoutMs: 10_000 });
  });
});
