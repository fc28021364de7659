import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import Redis from 'ioredis';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '@continuum/persistence';
import { deleteKeysWithPrefix } from '@continuum/testing';

export interface BenchEnvironment {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  machine: Record<string, string | number>;
  cleanup(): Promise<void>;
}

/** A database and a Redis key prefix of the run's own, dropped at the end, as in the tests. */
export async function prepareEnvironment(): Promise<BenchEnvironment> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/continuum_bench_${runId}`;
  const databaseUrl = base.toString();
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `cb_${runId}`;
  await ensureDatabase(databaseUrl);

  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const pgVersion = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await pg.end();
  const redis = new Redis(redisUrl);
  const redisInfo = await redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown';

  return {
    databaseUrl,
    redisUrl,
    prefix,
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: pgVersion,
      redis: redisVersion,
    },
    async cleanup() {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
      // BENCH_KEEP_DATABASE=1 leaves the database for EXPLAIN after the run (drop it by hand).
      if (process.env.BENCH_KEEP_DATABASE === '1') process.stderr.write(`bench: kept ${databaseUrl}\n`);
      else await dropDatabase(databaseUrl);
    },
  };
}
