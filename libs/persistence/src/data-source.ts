import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PrivacySafeQueryLogger } from './query-logger';

/**
 * The one definition of our connection, used by the API, the worker, the migration CLI and
 * the tests. `synchronize` is off everywhere: the schema changes only through migrations.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  applicationName = 'continuum',
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new PrivacySafeQueryLogger(),
    maxQueryExecutionTime: 1_000,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      application_name: applicationName,
      // Fail fast when Postgres is unreachable so health checks answer instead of hanging.
      connectionTimeoutMillis: 3_000,
    },
  };
}

export function createDataSource(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  applicationName?: string,
): DataSource {
  return new DataSource(dataSourceOptions(config, applicationName));
}
