import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { DISPATCH_BATCH_MAX, type DeliveryRequest, DeliveryScheduler, Dispatcher } from '@continuum/delivery';
import { createOrganisation, testConfig } from '@continuum/testing';
import { SmsDeliveryProcessor, EmailDeliveryProcessor } from '../apps/worker/src/delivery.processors';
import { startApi, startWorker } from './support/apps';
import { zoneWhereLocalHourIs } from './support/people';

/**
 * Jobs that run at the same time share the dispatcher's round trips (one read of their rows, one
 * claim transaction, one write of their outcomes). Here the dispatcher is called directly, as the
 * worker's processors call it, with no worker running: calls started together share a batch.
 */
describe('delivery dispatch in batches', () => {
  let config: AppConfig;
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let dispatcher: Dispatcher;
  let scheduler: DeliveryScheduler;

  beforeAll(async () => {
    config = testConfig({ SMS_PER_DAY: '1', SMS_PER_WEEK: '3' });
    api = await startApi(config);
    dataSource = api.get(getDataSourceToken());
    dispatcher = api.get(Dispatcher);
    scheduler = api.get(DeliveryScheduler);
  });

  afterAll(async () => {
    await api?.close();
  });

  /** `count` active graduates of the organisation, at noon where they live, who agreed to SMS meeting messages. */
  async function graduates(organisationId: string, count: number): Promise<string[]> {
    const rows: { id: string }[] = await dataSource.query(
      `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, timezone, phone, preferred_channels, status)
       SELECT $1, 'BATCH-' || i, 'Robin', 'Batch' || i, 'batch' || i || ' robin', $2, '+1202555' || lpad(i::text, 4, '0'), '{sms}', 'active'
         FROM generate_series(1, $3::int) AS i
       RETURNING id`,
      [organisationId, zoneWhereLocalHourIs(12), count],
    );
    await dataSource.query(
      `INSERT INTO consent_record (organisation_id, graduate_id, channel, purpose, decision, method, shown_text)
       SELECT organisation_id, id, 'sms', 'meeting_invites', 'granted', 'verbal', 'We will text you meeting news. Reply STOP to end.'
         FROM graduate WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows.map((r) => r.id);
  }

  const announcement = (organisationId: string, graduateId: string, key: string): DeliveryRequest => ({
    organisationId,
    graduateId,
    channel: 'sms',
    purpose: 'meeting_invites',
    kind: 'broadcast.message',
    idempotencyKey: key,
    variables: { message: 'Our summer picnic is on Saturday at noon.' },
    dueAt: new Date(Date.now() - 1_000),
  });

  /** Writes the deliveries (no job queued) and hands them all to the dispatcher at once. */
  async function dispatchTogether(requests: DeliveryRequest[]): Promise<{ ids: string[]; results: PromiseSettledResult<unknown>[] }> {
    const scheduled = await dataSource.transaction((manager) => scheduler.add(manager, requests));
    const results = await Promise.allSettled(scheduled.map((d) => dispatcher.handle(d.id, d.sendAfter.getTime())));
    return { ids: scheduled.map((d) => d.id), results };
  }

  const rowsOf = async (ids: string[]) =>
    (await dataSource.query(`SELECT id, status, error_code, attempts FROM delivery WHERE id = ANY($1) ORDER BY array_position($1, id)`, [ids])) as {
      id: string;
      status: string;
      error_code: string | null;
      attempts: number;
    }[];

  it('decides a second message to the same recipient after the first is claimed, so the daily cap holds within a batch', async () => {
    const organisation = await createOrganisation(dataSource);
    const [graduate] = await graduates(organisation.id, 1);
    const { ids, results } = await dispatchTogether([
      announcement(organisation.id, graduate, `batch-cap:${graduate}:1`),
      announcement(organisation.id, graduate, `batch-cap:${graduate}:2`),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [first, second] = await rowsOf(ids);
    expect(first).toMatchObject({ status: 'sent', attempts: 1 });
    expect(second).toMatchObject({ status: 'pending', error_code: 'recipient_cap', attempts: 0 });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE delivery_id = ANY($1)', [ids])).toEqual([{ n: 1 }]);
  });

  it('sends more deliveries than one batch holds, of two organisations, each once, and counts each organisation’s own', async () => {
    const [a, b] = [await createOrganisation(dataSource), await createOrganisation(dataSource)];
    const perOrganisation = DISPATCH_BATCH_MAX;
    const requests = [
      ...(await graduates(a.id, perOrganisation)).map((g) => announcement(a.id, g, `batch-many:${g}`)),
      ...(await graduates(b.id, perOrganisation)).map((g) => announcement(b.id, g, `batch-many:${g}`)),
    ];
    const { ids, results } = await dispatchTogether(requests);
    expect(results.every((r) => r.status === 'fulfilled' && (r.value as { status: string }).status === 'done')).toBe(true);
    const rows = await rowsOf(ids);
    expect(rows.filter((r) => r.status === 'sent' && r.attempts === 1)).toHaveLength(2 * perOrganisation);
    const outbox: { n: number; recipients: number }[] = await dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT to_address)::int AS recipients FROM outbox_message WHERE delivery_id = ANY($1)',
      [ids],
    );
    expect(outbox).toEqual([{ n: 2 * perOrganisation, recipients: perOrganisation }]);
    const counted: { organisation_id: string; n: number }[] = await dataSource.query(
      'SELECT organisation_id, sum(sent)::int AS n FROM org_send_count WHERE organisation_id = ANY($1) GROUP BY 1',
      [[a.id, b.id]],
    );
    expect(Object.fromEntries(counted.map((c) => [c.organisation_id, c.n]))).toEqual({ [a.id]: perOrganisation, [b.id]: perOrganisation });
    // Their message.sent touchpoints, one each, from the status trigger.
    const events = await dataSource.query(`SELECT count(*)::int AS n FROM engagement_event WHERE kind = 'message.sent' AND ref_id = ANY($1)`, [ids]);
    expect(events).toEqual([{ n: 2 * perOrganisation }]);
  });

  it('fails only the delivery whose graduate is not in its organisation; the rest of its batch is sent', async () => {
    const [own, other] = [await createOrganisation(dataSource), await createOrganisation(dataSource)];
    const ours = await graduates(own.id, 3);
    const [theirs] = await graduates(other.id, 1);
    const requests = ours.map((g) => announcement(own.id, g, `batch-bad:${g}`));
    const scheduled = await dataSource.transaction((manager) => scheduler.add(manager, requests));
    // A row that names another organisation's graduate (no producer writes one; a bad migration or a hand edit could).
    const [bad]: { id: string; send_after: Date }[] = await dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after)
       VALUES ($1, $2, 'sms', 'meeting_invites', 'broadcast.message', $3, '{"message":"Hello"}', now(), now() - interval '1 second')
       RETURNING id, send_after`,
      [own.id, theirs, `batch-bad:${theirs}`],
    );
    const calls = [...scheduled.map((d) => ({ id: d.id, at: d.sendAfter.getTime() })), { id: bad.id, at: new Date(bad.send_after).getTime() }];
    const results = await Promise.allSettled(calls.map((c) => dispatcher.handle(c.id, c.at)));
    expect(results.slice(0, 3).map((r) => r.status === 'fulfilled' && (r.value as { status: string }).status)).toEqual(['done', 'done', 'done']);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('its graduate is not in its organisation') }) });
    const rows = await rowsOf(calls.map((c) => c.id));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'pending']);
  });

  it('runs the worker’s delivery jobs at the configured concurrency', async () => {
    const worker: INestApplicationContext = await startWorker({ ...config, DELIVERY_CONCURRENCY: 7 });
    try {
      expect(worker.get(SmsDeliveryProcessor).worker.concurrency).toBe(7);
      expect(worker.get(EmailDeliveryProcessor).worker.concurrency).toBe(7);
    } finally {
      await worker.close();
    }
  });
});
