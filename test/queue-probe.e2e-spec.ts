import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { QueueProbeService } from '@continuum/diagnostics';
import { pendingSchemaChanges } from '@continuum/persistence';
import { createStaff, expectEventually, type StaffFixture, TcpProxy, testConfig, viaPort } from '@continuum/testing';
import { ReconcilerService } from '../apps/worker/src/reconciler.service';
import { startApi, startWorker } from './support/apps';
import { bearerFor } from './support/auth';

describe('a job from API to worker to Postgres', () => {
  const config = testConfig();
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let auth: string;

  beforeAll(async () => {
    api = await startApi(config);
    worker = await startWorker(config);
    auth = await bearerFor(api, await createStaff(api.get(getDataSourceToken())));
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const http = () => request(api.getHttpServer());

  it('has migrations that match the entities exactly', async () => {
    const changes = await pendingSchemaChanges(api.get<DataSource>(getDataSourceToken()));
    expect(changes.up).toEqual([]);
  });

  it('completes a probe: the API writes and enqueues, the worker updates the row', async () => {
    const created = await http().post('/diagnostics/queue-probes').set('authorization', auth).send({}).expect(202);
    expect(created.body).toMatchObject({ status: 'pending', completedAt: null, attempts: 0 });

    const done = await expectEventually(async () => {
      const res = await http().get(`/diagnostics/queue-probes/${created.body.id}`).set('authorization', auth).expect(200);
      expect(res.body.status).toBe('completed');
      return res.body;
    });
    expect(done.attempts).toBe(1);
    expect(done.roundTripMs).toBeGreaterThanOrEqual(0);
  });

  it('holds a delayed job until it is due', async () => {
    const created = await http().post('/diagnostics/queue-probes').set('authorization', auth).send({ delayMs: 1_500 }).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const early = await http().get(`/diagnostics/queue-probes/${created.body.id}`).set('authorization', auth).expect(200);
    expect(early.body.status).toBe('pending');
    const done = await expectEventually(async () => {
      const res = await http().get(`/diagnostics/queue-probes/${created.body.id}`).set('authorization', auth).expect(200);
      expect(res.body.status).toBe('completed');
      return res.body;
    });
    expect(done.roundTripMs).toBeGreaterThanOrEqual(1_500);
  });

  it('does nothing the second time a job is delivered (claim before work)', async () => {
    const probes = worker.get(QueueProbeService);
    const created = await http().post('/diagnostics/queue-probes').set('authorization', auth).send({ delayMs: 600_000 }).expect(202);
    await expect(probes.complete(created.body.id, 1, 'test-a')).resolves.toEqual({ status: 'done' });
    await expect(probes.complete(created.body.id, 2, 'test-b')).resolves.toEqual({
      status: 'skipped',
      reason: 'probe missing or already completed',
    });
    const res = await http().get(`/diagnostics/queue-probes/${created.body.id}`).set('authorization', auth).expect(200);
    expect(res.body.attempts).toBe(1);
  });
});

describe('Redis away when the API enqueues', () => {
  const base = testConfig();
  const redisUrl = new URL(base.REDIS_URL);
  const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  let api: NestExpressApplication;
  let worker: INestApplicationContext;
  let auth: string;
  let staff: StaffFixture;

  beforeAll(async () => {
    const apiConfig = { ...base, REDIS_URL: viaPort(base.REDIS_URL, await proxy.start()) };
    api = await startApi(apiConfig);
    worker = await startWorker(base);
    staff = await createStaff(api.get(getDataSourceToken()));
    auth = await bearerFor(api, staff);
  });

  afterAll(async () => {
    proxy.restore();
    // Let the API's Redis connections come back before closing them.
    await expectEventually(async () => expect((await request(api.getHttpServer()).get('/health')).status).toBe(200));
    await worker?.close();
    await api?.close();
    await proxy.stop();
  });

  it('keeps the row in Postgres, answers at once, and the reconciler delivers it later', async () => {
    proxy.cut();
    const started = Date.now();
    const created = await request(api.getHttpServer()).post('/diagnostics/queue-probes').set('authorization', auth).send({}).expect(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(created.body.status).toBe('pending');

    // Nothing reached Redis, so nothing completes until the reconciler re-enqueues it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(worker.get(QueueProbeService).find(staff.organisationId, created.body.id)).resolves.toMatchObject({ status: 'pending' });

    await worker.get(ReconcilerService).tick(0);
    await expectEventually(async () => {
      await expect(worker.get(QueueProbeService).find(staff.organisationId, created.body.id)).resolves.toMatchObject({ status: 'completed' });
    });
  });
});
