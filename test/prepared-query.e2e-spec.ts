import { DataSource, In, type Logger as TypeOrmLogger } from 'typeorm';
import { dataSourceOptions, DeliveryEntity, GraduateEntity, preparedEntities, preparedQuery, runMigrations } from '@continuum/persistence';
import { createOrganisation, testConfig } from '@continuum/testing';

/**
 * `preparedQuery` runs the delivery engine's hottest statements as named prepared statements on
 * the connection of the manager it is given. One connection in the pool, so each call below is
 * on the same Postgres session and what a statement leaves behind there can be seen.
 */
describe('preparedQuery', () => {
  const errors: { error: string; query: string }[] = [];
  const recording: TypeOrmLogger = {
    logQuery: () => undefined,
    logQueryError: (error, query) => void errors.push({ error: String((error as Error).message ?? error), query }),
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  let dataSource: DataSource;

  beforeAll(async () => {
    const config = testConfig({ DATABASE_POOL_SIZE: '1' });
    dataSource = new DataSource({ ...dataSourceOptions(config, 'prepared-query-spec'), logger: recording });
    await dataSource.initialize();
    await dataSource.query('CREATE TEMP TABLE IF NOT EXISTS pq_probe (id int PRIMARY KEY, note text)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const prepared = async (): Promise<string[]> =>
    (await dataSource.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((r) => r.name);

  it('prepares the statement once on the connection and answers its rows each time', async () => {
    const first = await preparedQuery<{ n: number }>(dataSource.manager, 'pq-spec-square', 'SELECT ($1::int * $1::int) AS n', [7]);
    const second = await preparedQuery<{ n: number }>(dataSource.manager, 'pq-spec-square', 'SELECT ($1::int * $1::int) AS n', [12]);
    expect(first).toEqual([{ n: 49 }]);
    expect(second).toEqual([{ n: 144 }]);
    expect(await prepared()).toContain('pq-spec-square');
  });

  it("runs in the caller's transaction: it sees the transaction's own rows, and its writes roll back with it", async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO pq_probe (id, note) VALUES (1, 'inside')`);
        const seen = await preparedQuery<{ note: string }>(manager, 'pq-spec-read', 'SELECT note FROM pq_probe WHERE id = $1', [1]);
        expect(seen).toEqual([{ note: 'inside' }]);
        await preparedQuery(manager, 'pq-spec-write', 'INSERT INTO pq_probe (id, note) VALUES ($1, $2)', [2, 'also inside']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await dataSource.query('SELECT id FROM pq_probe')).toEqual([]);
  });

  it('gives its connection back to the pool after each call outside a transaction', async () => {
    // One connection: a call that kept it would leave the next one waiting until the pool's timeout.
    for (let i = 0; i < 30; i += 1) {
      expect(await preparedQuery<{ i: number }>(dataSource.manager, 'pq-spec-echo', 'SELECT $1::int AS i', [i])).toEqual([{ i }]);
    }
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps a setting made with set_config(…, true) to its own statement when it runs alone', async () => {
    // How the dispatcher writes accepted outcomes without waiting for the disk.
    const during = await preparedQuery<{ setting: string }>(
      dataSource.manager,
      'pq-spec-async',
      `SELECT current_setting('synchronous_commit') AS setting FROM (SELECT set_config('synchronous_commit', 'off', true)) AS s`,
      [],
    );
    expect(during).toEqual([{ setting: 'off' }]);
    expect(await dataSource.query(`SELECT current_setting('synchronous_commit') AS setting`)).toEqual([{ setting: 'on' }]);
  });

  it('rejects with the database error, logged through the data source logger, and leaves the connection usable', async () => {
    errors.length = 0;
    await expect(preparedQuery(dataSource.manager, 'pq-spec-uuid', 'SELECT $1::uuid AS id', ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect(errors).toEqual([{ error: expect.stringContaining('invalid input syntax for type uuid'), query: 'SELECT $1::uuid AS id' }]);
    expect(await preparedQuery(dataSource.manager, 'pq-spec-uuid', 'SELECT $1::uuid AS id', ['5f0c2a52-8d4e-4c53-9a51-0c6a3c1f9b11'])).toEqual([
      { id: '5f0c2a52-8d4e-4c53-9a51-0c6a3c1f9b11' },
    ]);
  });
});

/**
 * `preparedEntities` reads the dispatcher's delivery rows with a prepared statement and fills
 * entities itself: they must be what TypeORM's own read gives, column for column.
 */
describe('preparedEntities', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(testConfig(), 'prepared-entities-spec'));
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('reads rows as the entities TypeORM hydrates: same class, same values, nulls, dates and JSON included', async () => {
    const organisation = await createOrganisation(dataSource);
    const [graduate]: { id: string }[] = await dataSource.query(
      `INSERT INTO graduate (organisation_id, first_name, last_name, sort_name, timezone) VALUES ($1, 'Ada', 'Read', 'read ada', 'UTC') RETURNING id`,
      [organisation.id],
    );
    const inserted: { id: string }[] = await dataSource.query(
      `INSERT INTO delivery (organisation_id, graduate_id, channel, purpose, kind, idempotency_key, variables, due_at, send_after, not_after, status, attempts, submitted_at, sent_to)
       VALUES ($1, $2, 'sms', 'meeting_invites', 'broadcast.message', 'pe-1', '{"message":"Hello","n":"1"}', now(), now(), now() + interval '1 day', 'submitting', 2, now(), '+12025550100'),
              ($1, $2, 'email', 'meeting_invites', 'broadcast.message', 'pe-2', '{}', now(), now(), NULL, 'pending', 0, NULL, NULL)
       RETURNING id`,
      [organisation.id, graduate.id],
    );
    const ids = inserted.map((r) => r.id);
    const ours = await preparedEntities(dataSource.manager, DeliveryEntity, 'pe-spec-delivery', 'id = ANY($1::uuid[]) ORDER BY idempotency_key', [ids]);
    const typeorm = await dataSource.getRepository(DeliveryEntity).find({ where: { id: In(ids) }, order: { idempotencyKey: 'ASC' } });
    expect(ours).toHaveLength(2);
    expect(ours[0]).toBeInstanceOf(DeliveryEntity);
    expect(ours).toEqual(typeorm);
    expect(ours[0].variables).toEqual({ message: 'Hello', n: '1' });
    expect(ours[0].notAfter).toBeInstanceOf(Date);
    expect([ours[0].attempts, ours[1].submittedAt, ours[1].sentTo]).toEqual([2, null, null]);
  });

  it('answers no entities when no row matches', async () => {
    expect(await preparedEntities(dataSource.manager, DeliveryEntity, 'pe-spec-delivery', 'id = ANY($1::uuid[]) ORDER BY idempotency_key', [[]])).toEqual([]);
  });

  it('refuses an entity with a column node-postgres would not parse as TypeORM hydrates it', async () => {
    // A graduate's dates are plain dates and its channels an array: TypeORM maps them itself.
    await expect(preparedEntities(dataSource.manager, GraduateEntity, 'pe-spec-graduate', 'false', [])).rejects.toThrow(/GraduateEntity\.\w+ \((date|text)\) is not read as TypeORM would hydrate it/);
  });
});
