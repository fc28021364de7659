import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { createStaff, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';
import { bearerFor } from './support/auth';

describe('API contract: error shape, validation, documents', () => {
  let app: NestExpressApplication;
  let auth: string;

  beforeAll(async () => {
    app = await startApi(testConfig());
    auth = await bearerFor(app, await createStaff(app.get(getDataSourceToken())));
  });

  afterAll(async () => {
    await app?.close();
  });

  const api = () => request(app.getHttpServer());

  it('refuses an unknown field with 400 naming it', async () => {
    const res = await api().post('/diagnostics/queue-probes').set('authorization', auth).send({ delayMs: 0, surprise: true }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details: [{ field: 'surprise', reason: 'is not an accepted field' }],
      requestId: expect.any(String),
    });
  });

  it('refuses a wrong type with 400 naming the field and the reason', async () => {
    const res = await api().post('/diagnostics/queue-probes').set('authorization', auth).send({ delayMs: 'soon' }).expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([{ field: 'delayMs', reason: 'must be an integer number' }]),
    );
  });

  it('refuses an out-of-range value', async () => {
    const res = await api().post('/diagnostics/queue-probes').set('authorization', auth).send({ delayMs: -1 }).expect(400);
    expect(res.body.details).toEqual([{ field: 'delayMs', reason: 'must not be less than 0' }]);
  });

  it('answers a malformed JSON body with 400 in the common shape, not 500', async () => {
    const res = await api()
      .post('/diagnostics/queue-probes').set('authorization', auth)
      .set('content-type', 'application/json')
      .send('{"delayMs": 1,')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Malformed JSON body' });
    expect(res.body.details).toEqual([{ field: 'body', reason: expect.any(String) }]);
  });

  it('answers a JSON body that is not an object with 400', async () => {
    const res = await api().post('/diagnostics/queue-probes').set('authorization', auth).set('content-type', 'application/json').send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('answers an oversized body with 413 in the common shape', async () => {
    const res = await api()
      .post('/diagnostics/queue-probes').set('authorization', auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ delayMs: 1, pad: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'Request body is too large' });
  });

  it('answers a malformed id with 400 naming the parameter', async () => {
    const res = await api().get('/diagnostics/queue-probes/not-a-uuid').set('authorization', auth).expect(400);
    expect(res.body.details).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
  });

  it('answers an unknown record with 404 in the common shape', async () => {
    const res = await api().get('/diagnostics/queue-probes/6f1d3c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f').set('authorization', auth).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Queue probe not found', details: [] });
  });

  it('answers an unknown route with 404 in the common shape', async () => {
    const res = await api().get('/no/such/route').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await api().get('/health').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await api().get('/health').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and hides the framework', async () => {
    const res = await api().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await api().get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/diagnostics/queue-probes', '/diagnostics/queue-probes/{id}']),
    );
    const ui = await api().get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});
