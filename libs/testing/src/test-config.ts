import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '@continuum/config';

/**
 * Configuration for one app instance under test: the run's own database, and a Redis key
 * prefix of its own (run prefix + a suffix), so test files running in parallel never take
 * each other's jobs.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const databaseUrl = process.env.CONTINUUM_TEST_DATABASE_URL;
  const runPrefix = process.env.CONTINUUM_TEST_QUEUE_PREFIX;
  if (!databaseUrl || !runPrefix) {
    throw new Error('testConfig() needs the jest global setup (run tests through `npm test` or `npx jest`)');
  }
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.CONTINUUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `${runPrefix}_${randomBytes(3).toString('hex')}`,
    ...overrides,
  });
}
