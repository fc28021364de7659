import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Postgres error fields that name constraints and codes but carry no row values. */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/**
 * TypeORM's own logger prints the failed query with its parameters and Postgres's `detail`
 * ("Key (phone)=(+1…) already exists"): phone numbers, emails and answers in the logs. This one
 * reports the statement's shape, the SQLSTATE and the constraint, never a parameter or a value,
 * and goes through Nest's logger (pino in the apps).
 */
export class PrivacySafeQueryLogger implements TypeOrmLogger {
  private readonly out = new NestLogger('Database');

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const pg = (typeof error === 'object' ? error : {}) as PgErrorLike;
    this.out.warn({
      msg: 'query failed',
      statement: statementShape(query),
      code: pg.code,
      constraint: pg.constraint,
      table: pg.table,
      column: pg.column,
    });
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn({ msg: 'slow query', ms: time, statement: statementShape(query) });
  }

  logSchemaBuild(): void {
    // Schema is never built at runtime; migrations log through the migrator.
  }

  logMigration(message: string): void {
    this.out.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn(String(message));
  }
}

/** The first 200 characters of a statement with string literals blanked, enough to find it in the code. */
export function statementShape(query: string): string {
  return query.replace(/'(?:[^']|'')*'/g, "'?'").replace(/\s+/g, ' ').slice(0, 200);
}
