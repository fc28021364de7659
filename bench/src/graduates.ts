import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, GraduateImportService, GraduatesService, PeopleModule } from '@continuum/people';
import { dataSourceOptions, runMigrations, StaffRole } from '@continuum/persistence';
import { createStaff } from '@continuum/testing';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

/**
 * The people services as the API runs them (same module, same connection options, migrated
 * schema), without HTTP in front: the bench measures our code and Postgres, not Express.
 */
export class PeopleBench {
  private constructor(
    private readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
  ) {}

  static async start(env: BenchEnvironment): Promise<PeopleBench> {
    @Module({
      imports: [TypeOrmModule.forRoot(dataSourceOptions({ DATABASE_URL: env.databaseUrl, DATABASE_POOL_SIZE: 5 }, 'continuum-bench')), PeopleModule],
    })
    class BenchPeopleModule {}
    const app = await NestFactory.createApplicationContext(BenchPeopleModule, { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    return new PeopleBench(app, dataSource);
  }

  /** An admin of a new organisation, as the services see the caller. */
  async newActor(): Promise<Actor> {
    const staff = await createStaff(this.dataSource, { role: StaffRole.Admin });
    return { userId: staff.userId, organisationId: staff.organisationId, role: staff.role, ip: null, requestId: null };
  }

  get imports(): GraduateImportService {
    return this.app.get(GraduateImportService);
  }

  get graduates(): GraduatesService {
    return this.app.get(GraduatesService);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

/** A file like a program's EHR export: every column filled, US phones, two channels. */
export function graduatesCsv(count: number): string {
  const lines = ['externalId,firstName,lastName,program,admissionDate,dischargeDate,timezone,phone,email,preferredChannels,language,status,notes'];
  for (let i = 0; i < count; i += 1) {
    const n = String(i % 10_000).padStart(4, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    lines.push(
      `EHR-${i},First${i},Last${n},,2025-${month}-01,2025-${month}-28,America/Chicago,(213) 373-${n},g${i}@example.org,sms;email,en,active,"Prefers evenings, text first"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Seconds for one CSV import of `rows` new graduates into an empty organisation (one request's work). */
export async function importRowsSeconds(bench: PeopleBench, rows: number): Promise<number> {
  const actor = await bench.newActor();
  const csv = graduatesCsv(rows);
  const started = performance.now();
  const report = await bench.imports.import(actor, csv, { dryRun: false });
  const seconds = (performance.now() - started) / 1_000;
  if (report.created !== rows || report.failed !== 0) {
    throw new Error(`import bench: expected ${rows} created, got ${report.created} created and ${report.failed} failed`);
  }
  return seconds;
}

const FIRST_NAMES = ['Ana', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lou', 'Max', 'Noa', 'Oli', 'Pat'];
const LAST_NAMES = ['Alvarez', 'Baker', 'Baxter', 'Carter', 'Diaz', 'Evans', 'Fox', 'Garcia', 'Hale', 'Irwin', 'Jones', 'King', 'Lane', 'Moss', 'Nguyen', 'Ortiz', 'Patel', 'Quinn', 'Rivera', 'Smith', 'Turner', 'Usman', 'Vega', 'Wong', 'Young', 'Zhang'];

/**
 * `count` graduates in the actor's organisation in one INSERT … SELECT generate_series: names
 * from small pools with a numeric suffix, 80% active, discharges over three years.
 */
export async function seedGraduates(bench: PeopleBench, actor: Actor, count: number): Promise<void> {
  await bench.dataSource.query(
    `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, admission_date, discharge_date,
                           timezone, phone, email, preferred_channels, status)
     SELECT $1, 'SEED-' || i, n.first_name, n.last_name, lower(n.last_name || ' ' || n.first_name),
            DATE '2024-01-01' + (i % 1000), DATE '2024-01-01' + (i % 1000) + 60, 'America/New_York',
            '+1213373' || lpad((i % 10000)::text, 4, '0'), 'seed' || i || '@example.org', '{sms}',
            (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'paused', 'withdrawn'])[1 + i % 10]
     FROM generate_series(1, $2::int) AS i,
          LATERAL (SELECT ($3::text[])[1 + i % cardinality($3::text[])] AS first_name,
                          ($4::text[])[1 + (i / 7) % cardinality($4::text[])] || (i % 997) AS last_name) AS n`,
    [actor.organisationId, count, FIRST_NAMES, LAST_NAMES],
  );
  await bench.dataSource.query('ANALYZE graduate');
}

/**
 * p95 latency (ms) of listing a page of 50 active graduates whose name starts with a two-letter
 * prefix (the list screen's search box), as GraduatesService.list answers GET /graduates,
 * count and audit event included. Prefixes rotate through the seeded last names.
 */
export async function listP95Ms(bench: PeopleBench, actor: Actor, requests: number): Promise<number> {
  const prefixes = LAST_NAMES.map((name) => name.slice(0, 2).toLowerCase());
  const list = (i: number) =>
    bench.graduates.list(actor, { status: 'active', search: prefixes[i % prefixes.length], page: 1, pageSize: 50 });
  for (let i = 0; i < 10; i += 1) await list(i);
  const timings: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const page = await list(i);
    timings.push(performance.now() - started);
    if (page.total === 0) throw new Error('list bench: a search found nobody; the seed and the prefixes disagree');
  }
  return percentile(timings, 95);
}
