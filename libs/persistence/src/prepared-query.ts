import type { EntityManager } from 'typeorm';

/** The part of node-postgres's client this needs: a query with a statement name. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `text` as a named prepared statement on the connection `manager` works on (its
 * transaction's, or one taken from the pool for this call): Postgres parses it once per
 * connection, and after five runs keeps one plan for it, so a statement the delivery engine runs
 * hundreds of times a second is not planned again each time. For hot statements whose text never
 * changes (the name is bound to the text on each connection). Errors and slow runs go to
 * TypeORM's logger, as `manager.query` would send them.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const own = manager.queryRunner === undefined;
  const logger = manager.connection.logger;
  try {
    const client = (await runner.connect()) as PgClient;
    // Timed from the statement, not from waiting for a connection, as `manager.query` times it.
    const started = Date.now();
    const result = await client.query({ name, text, values });
    const ms = Date.now() - started;
    const slow = manager.connection.options.maxQueryExecutionTime;
    if (slow && ms > slow) logger.logQuerySlow(ms, text, undefined, runner);
    return result.rows as T[];
  } catch (error) {
    logger.logQueryError(error as Error, text, undefined, runner);
    throw error;
  } finally {
    if (own) await runner.release();
  }
}
