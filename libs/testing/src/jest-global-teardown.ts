import { Client } from 'pg';
import Redis from 'ioredis';

/** Drops the run's database and deletes every Redis key under the run's prefix. */
export default async function globalTeardown(): Promise<void> {
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
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
