import { DataSource } from 'typeorm';
import { Client } from 'pg';

/** Arbitrary but fixed: every Continuum process agrees on it, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 716_150_001;

/**
 * Applies pending migrations under a Postgres advisory lock, so several API replicas
 * starting together migrate once and the others wait, then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** SQL the entities need that the migrations have not applied yet; empty when in sync. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sqlInMemory.upQueries.map((q) => q.query),
    down: sqlInMemory.downQueries.map((q) => q.query).reverse(),
  };
}

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^[a-zA-Z0-9_-]{1,63}$/.test(name)) {
    throw new Error('DATABASE_URL must name a database made of letters, digits, "_" or "-"');
  }
  return name;
}

function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** Creates the database named by the URL when it does not exist yet (fresh machines, tests). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Drops the database named by the URL, closing other sessions on it first (test teardown). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
