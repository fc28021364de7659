import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

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

/** Column types node-postgres already parses into what TypeORM would hydrate them to. */
const NATIVE_TYPES = new Set(['uuid', 'text', 'jsonb', 'timestamptz', 'timestamp with time zone', 'integer', 'int', 'smallint', 'boolean']);
const selects = new WeakMap<EntityMetadata, { sql: string; columns: { property: string; column: string }[] }>();

/**
 * Rows of an entity's table read with a named prepared statement (`preparedQuery`), as entities:
 * every column of the entity, no relations. For the hottest reads, where building the SELECT and
 * hydrating it through TypeORM cost more than the query. Only for entities whose columns
 * node-postgres parses as TypeORM would hydrate them (uuid, text, jsonb, timestamptz, integers,
 * boolean, no transformers); any other refuses, rather than hydrate differently.
 */
export async function preparedEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  name: string,
  where: string,
  values: unknown[],
): Promise<T[]> {
  const metadata = manager.connection.getMetadata(entity);
  const select = selectOf(metadata);
  const rows = await preparedQuery<Record<string, unknown>>(manager, name, `${select.sql} WHERE ${where}`, values);
  return rows.map((row) => {
    const found = metadata.create() as T;
    for (const { property, column } of select.columns) (found as Record<string, unknown>)[property] = row[column];
    return found;
  });
}

function selectOf(metadata: EntityMetadata): { sql: string; columns: { property: string; column: string }[] } {
  const known = selects.get(metadata);
  if (known) return known;
  for (const column of metadata.columns) {
    const type = typeof column.type === 'string' ? column.type : '';
    if (!NATIVE_TYPES.has(type) || column.transformer || column.isArray || column.embeddedMetadata) {
      throw new Error(`preparedEntities: ${metadata.name}.${column.propertyName} (${type || 'non-string type'}) is not read as TypeORM would hydrate it`);
    }
  }
  const columns = metadata.columns.map((c) => ({ property: c.propertyName, column: c.databaseName }));
  const select = { sql: `SELECT ${columns.map((c) => `"${c.column}"`).join(', ')} FROM "${metadata.tableName}"`, columns };
  selects.set(metadata, select);
  return select;
}
