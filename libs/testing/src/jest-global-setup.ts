import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs once per `jest` run: creates a database of its own and picks a Redis key prefix of its
 * own, so two runs (or a run and a developer's stack) never see each other's data. Migrations
 * run when the first app boots (under an advisory lock). Imports nothing of ours: Jest loads
 * this file outside the module mapper.
 */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `continuum_test_${runId}`;
  const client = new Client({ connectionString: base.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Tests need PostgreSQL at ${base.host} (set TEST_DATABASE_URL to use another): ${(error as Error).message}`,
    );
  }
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  base.pathname = `/${database}`;
  process.env.CONTINUUM_TEST_DATABASE_URL = base.toString();
  process.env.CONTINUUM_TEST_QUEUE_PREFIX = `ct_${runId}`;
  process.env.CONTINUUM_TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Where test files claim the fictional phone numbers they hand out, so no two of the run share one.
  process.env.CONTINUUM_TEST_PHONE_CLAIMS = mkdtempSync(join(tmpdir(), `continuum-phones-${runId}-`));
}
