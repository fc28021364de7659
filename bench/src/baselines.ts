import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { redisConnectionOptions } from '@continuum/queue';
import type { BenchEnvironment } from './environment';

/**
 * Raw BullMQ: add `count` no-op jobs (in bulk) and process them with concurrency 50, timed from
 * the first add to the last completion. The ceiling any pipeline of ours is measured against.
 */
export async function rawBullmqNoopPerSecond(env: BenchEnvironment, count: number, round: number): Promise<number> {
  const connection = redisConnectionOptions(env.redisUrl);
  const name = `noop-${round}`;
  const queue = new Queue(name, { connection, prefix: env.prefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker(name, async () => undefined, {
    connection,
    prefix: env.prefix,
    concurrency: 50,
    autorun: false,
  });
  worker.on('completed', () => {
    done += 1;
    if (done === count) finished();
  });
  await queue.waitUntilReady();
  await worker.waitUntilReady();
  const started = performance.now();
  void worker.run();
  for (let i = 0; i < count; i += 1_000) {
    const size = Math.min(1_000, count - i);
    await queue.addBulk(
      Array.from({ length: size }, (_, k) => ({
        name: 'noop',
        data: { i: i + k },
        opts: { removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
  await allDone;
  const seconds = (performance.now() - started) / 1_000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return count / seconds;
}

/** Raw Postgres: multi-row INSERTs of 1,000 rows into a plain table, rows per second. */
export async function rawPgInsertRowsPerSecond(env: BenchEnvironment, count: number, round: number): Promise<number> {
  const client = new Client({ connectionString: env.databaseUrl });
  await client.connect();
  const table = `bench_insert_${round}`;
  await client.query(
    `CREATE TABLE ${table} (id bigint PRIMARY KEY, org uuid NOT NULL, kind text NOT NULL, at timestamptz NOT NULL, payload jsonb NOT NULL)`,
  );
  const org = '00000000-0000-4000-8000-000000000001';
  const started = performance.now();
  for (let i = 0; i < count; i += 1_000) {
    const size = Math.min(1_000, count - i);
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let k = 0; k < size; k += 1) {
      const n = values.length;
      rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, now(), $${n + 4})`);
      values.push(i + k, org, 'message.sent', JSON.stringify({ n: i + k }));
    }
    await client.query(`INSERT INTO ${table} (id, org, kind, at, payload) VALUES ${rows.join(', ')}`, values);
  }
  const seconds = (performance.now() - started) / 1_000;
  await client.query(`DROP TABLE ${table}`);
  await client.end();
  return count / seconds;
}
