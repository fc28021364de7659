import { Client } from 'pg';
import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { deleteKeysWithPrefix } from './redis-keys';

/** Drops the run's database, deletes every Redis key under the run's prefix and the run's phone claims. */
export default async function globalTeardown(): Promise<void> {
  const phoneClaims = process.env.CONTINUUM_TEST_PHONE_CLAIMS;
  if (phoneClaims) rmSync(phoneClaims, { recursive: true, force: true });
  const databaseUrl = process.env.CONTINUUM_TEST_DATABASE_URL;
  const prefix = process.env.CONTINUUM_TEST_QUEUE_PREFIX;
  if (process.env.KEEP_TEST_DATABASE !== '1' && databaseUrl) {
    const url = new URL(databaseUrl);
    const database = url.pathname.slice(1);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  if (prefix && process.env.CONTINUUM_TEST_REDIS_URL) {
    const redis = new Redis(process.env.CONTINUUM_TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      await deleteKeysWithPrefix(redis, prefix);
    } finally {
      redis.disconnect();
    }
  }
}
