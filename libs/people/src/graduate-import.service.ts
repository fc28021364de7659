import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { ErrorDetail, RawGraduate } from '@continuum/domain';
import { GraduateEntity, ProgramEntity } from '@continuum/persistence';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { type AfterCommit, GraduateChangeHooks } from './graduate-change-hooks';
import { type CsvRecord, type GraduateCsv, type ImportColumn, readGraduateCsv } from './graduate-csv';
import { changedFields, graduateInputOf, graduateValues, type GraduateValues, type GraduateValuesResult } from './graduate-values';

export interface GraduateImportOptions {
  /** Validate and count only; nothing is written, not even the audit event. */
  dryRun: boolean;
}

export interface GraduateImportError {
  /** 1-based number of the data record (the header is not counted). */
  row: number;
  externalId: string | null;
  field: string;
  reason: string;
}

export interface GraduateImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: GraduateImportError[];
}

/** One data record read into the shape of an API body: `changes` holds the columns the file has. */
interface ImportRow {
  row: number;
  externalId: string | null;
  changes: RawGraduate;
  problems: ErrorDetail[];
}

interface Programs {
  ids: Set<string>;
  idByName(name: string): string | undefined;
}

const NOT_A_PROGRAM = 'is not a program of this organisation';
/** Rows per upsert statement. */
const CHUNK_ROWS = 1_000;
const WRITTEN: (keyof GraduateValues)[] = [
  'programId', 'externalId', 'firstName', 'lastName', 'preferredName', 'sortName', 'admissionDate', 'dischargeDate', 'timezone',
  'phone', 'email', 'preferredChannels', 'contactHoursStart', 'contactHoursEnd', 'language', 'status', 'notes',
];

/**
 * Imports graduates from a CSV file (a program's EHR export or spreadsheet). Each record goes
 * through the same rules as POST /graduates (graduate-values.ts); a record whose externalId the
 * organisation already has is merged into that graduate the way PATCH /graduates/:id would be
 * (columns absent from the file are left alone). Valid records are written in multi-row upserts
 * in one transaction; invalid ones are reported by row, field and reason. Row contents are never
 * logged nor put in the audit log, which gets counts only.
 */
@Injectable()
export class GraduateImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changeHooks: GraduateChangeHooks,
  ) {}

  async import(actor: Actor, csvText: string, options: GraduateImportOptions): Promise<GraduateImportReport> {
    const csv = readGraduateCsv(csvText);
    const after: AfterCommit[] = [];
    const report = await this.dataSource.transaction((manager) => this.run(manager, actor, csv, options, after)).catch((error: unknown) => {
      // A QueryFailedError carries its parameters (names, phones, emails, external ids), and the
      // exception filter logs what it is given: keep the SQLSTATE and constraint, drop the rest.
      if (error instanceof QueryFailedError) {
        const pg = error.driverError as { code?: string; constraint?: string };
        throw new Error(`Graduate import failed: SQLSTATE ${pg.code ?? '?'}${pg.constraint ? ` (${pg.constraint})` : ''}`);
      }
      throw error;
    });
    for (const then of after) await then();
    return report;
  }

  private async run(manager: EntityManager, actor: Actor, csv: GraduateCsv, options: GraduateImportOptions, after: AfterCommit[]): Promise<GraduateImportReport> {
    const programs = await programsOf(manager, actor.organisationId);
    const rows = csv.records.map((record) => readRow(csv.columns, record, programs));
    markRepeatedExternalIds(rows);
    const existing = await this.existing(manager, actor.organisationId, rows, !options.dryRun);

    const errors: GraduateImportError[] = [];
    const toWrite: GraduateValues[] = [];
    let failed = 0;
    let unchanged = 0;
    let wouldCreate = 0;
    const changedGraduates: { graduate: GraduateEntity; changed: string[] }[] = [];
    for (const row of rows) {
      const current = row.externalId ? existing.get(row.externalId) : undefined;
      const checked = checkRow(row, current, programs);
      if (!checked.ok) {
        failed += 1;
        errors.push(...checked.problems.map((p) => ({ row: row.row, externalId: row.externalId, field: p.field, reason: p.reason })));
      } else if (current && changedFields(current, checked.values).length === 0) {
        unchanged += 1;
      } else {
        if (!current) wouldCreate += 1;
        else {
          const changed = changedFields(current, checked.values);
          changedGraduates.push({ graduate: Object.assign(current, checked.values), changed });
        }
        toWrite.push(checked.values);
      }
    }

    // Counted from what Postgres did: a row another request created meanwhile is an update, not an error.
    const created = options.dryRun ? wouldCreate : await writeGraduates(manager, actor.organisationId, toWrite);
    const counts = { total: rows.length, created, updated: toWrite.length - created, unchanged, failed };
    if (!options.dryRun) {
      // Features that follow a graduate's details (check-ins re-plan on a new discharge date) hear of re-imported changes too.
      for (const { graduate, changed } of changedGraduates) after.push(...(await this.changeHooks.run(manager, graduate, changed)));
      await this.audit.record(actor, 'graduate.import', { type: 'graduate', id: null }, counts, manager);
    }
    return { dryRun: options.dryRun, ...counts, errors };
  }

  /** The organisation's graduates named by the file's external ids, locked until the import commits. */
  private async existing(manager: EntityManager, organisationId: string, rows: ImportRow[], lock: boolean): Promise<Map<string, GraduateEntity>> {
    const ids = [...new Set(rows.flatMap((r) => (r.externalId ? [r.externalId] : [])))];
    if (!ids.length) return new Map();
    const qb = manager
      .getRepository(GraduateEntity)
      .createQueryBuilder('g')
      .where('g.organisation_id = :organisationId', { organisationId })
      .andWhere('g.external_id = ANY(:ids)', { ids });
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getMany();
    return new Map(found.map((g) => [g.externalId as string, g]));
  }
}

async function programsOf(manager: EntityManager, organisationId: string): Promise<Programs> {
  const programs = await manager.find(ProgramEntity, { where: { organisationId }, select: { id: true, name: true } });
  const exact = new Map(programs.map((p) => [p.name, p.id]));
  const folded = new Map<string, string | null>();
  for (const p of programs) {
    const key = p.name.toLowerCase();
    folded.set(key, folded.has(key) ? null : p.id);
  }
  return {
    ids: new Set(programs.map((p) => p.id)),
    idByName: (name) => exact.get(name) ?? folded.get(name.toLowerCase()) ?? undefined,
  };
}

/**
 * A record as the body of an API call. Cells are trimmed; a blank cell is null (clears the field;
 * required fields then fail "is required"), except status and language, where blank keeps the
 * current value (or the default for a new graduate) rather than silently resetting someone who
 * withdrew to active.
 */
/**
 * The row's own problems (cells, program name, repeated id), then the API's rules on the record
 * the row would leave: merged into the current graduate when its external id is known.
 */
function checkRow(row: ImportRow, current: GraduateEntity | undefined, programs: Programs): GraduateValuesResult {
  if (row.problems.some((p) => p.field === 'row')) return { ok: false, problems: row.problems };
  const result = graduateValues(current ? { ...graduateInputOf(current), ...row.changes } : row.changes);
  const problems = [...row.problems, ...(result.ok ? [] : result.problems)];
  if (result.ok && result.values.programId && !programs.ids.has(result.values.programId)) {
    problems.push({ field: 'programId', reason: NOT_A_PROGRAM });
  }
  return problems.length || !result.ok ? { ok: false, problems } : result;
}

function readRow(columns: ImportColumn[], record: CsvRecord, programs: Programs): ImportRow {
  const problems: ErrorDetail[] = [];
  const changes: RawGraduate = {};
  columns.forEach((column, index) => {
    const cell = (record.cells[index] ?? '').trim();
    if (column === 'program') {
      const id = cell ? programs.idByName(cell) : null;
      if (id === undefined) problems.push({ field: 'program', reason: NOT_A_PROGRAM });
      else changes.programId = id;
    } else if (column === 'preferredChannels') {
      changes.preferredChannels = cell ? cell.split(/[;|]/).map((c) => c.trim()).filter(Boolean) : [];
    } else if (column === 'status' || column === 'language') {
      if (cell) changes[column] = cell;
    } else {
      changes[column] = cell || null;
    }
  });
  if (record.cells.length !== columns.length) {
    problems.unshift({ field: 'row', reason: `has ${record.cells.length} cells where the header has ${columns.length}` });
  }
  const externalId = typeof changes.externalId === 'string' ? changes.externalId : null;
  return { row: record.row, externalId, changes, problems };
}

/** An external id names one graduate: its second appearance in a file is refused, not merged. */
function markRepeatedExternalIds(rows: ImportRow[]): void {
  const firstRow = new Map<string, number>();
  for (const row of rows) {
    if (!row.externalId) continue;
    const first = firstRow.get(row.externalId);
    if (first === undefined) firstRow.set(row.externalId, row.row);
    else row.problems.push({ field: 'externalId', reason: `repeats the externalId of row ${first}` });
  }
}

/**
 * Upserts of CHUNK_ROWS rows each, matched on the organisation's external id (rows without one
 * are always inserted). Each column travels as one array parameter (`unnest`), so a chunk is 18
 * parameters rather than 18,000. Returns how many rows were inserted rather than updated.
 */
async function writeGraduates(manager: EntityManager, organisationId: string, rows: GraduateValues[]): Promise<number> {
  const metadata = manager.connection.getMetadata(GraduateEntity);
  const columnOf = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`graduate has no ${property} column`);
    return found;
  };
  const columns = WRITTEN.map((property) => {
    const column = columnOf(property);
    // Arrays of arrays do not unnest row by row: array columns travel as array literals, cast after.
    return { property, name: `"${column.databaseName}"`, type: String(column.type), isArray: column.isArray };
  });
  const names = columns.map((c) => c.name).join(', ');
  const unnested = columns.map((c, i) => `$${i + 2}::${c.isArray ? 'text' : c.type}[]`).join(', ');
  const selected = columns.map((c) => (c.isArray ? `u.${c.name}::${c.type}[]` : `u.${c.name}`)).join(', ');
  const organisation = `"${columnOf('organisationId').databaseName}"`;
  const updatedAt = `"${columnOf('updatedAt').databaseName}"`;
  const updates = [
    ...columns.filter((c) => c.property !== 'externalId').map((c) => `${c.name} = EXCLUDED.${c.name}`),
    `${updatedAt} = now()`,
  ].join(', ');
  const sql =
    `INSERT INTO "graduate" (${organisation}, ${names}) SELECT $1::uuid, ${selected} FROM unnest(${unnested}) AS u(${names}) ` +
    `ON CONFLICT (${organisation}, "external_id") WHERE "external_id" IS NOT NULL DO UPDATE SET ${updates} ` +
    `RETURNING (xmax = 0) AS inserted`;

  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const params: unknown[] = [
      organisationId,
      ...columns.map((c) => chunk.map((row) => (c.isArray ? arrayLiteral(row[c.property] as string[]) : row[c.property]))),
    ];
    const result = await manager.query<{ inserted: boolean }[]>(sql, params);
    inserted += result.filter((r) => r.inserted).length;
  }
  return inserted;
}

/** `{"sms","email"}`: a Postgres array literal of strings. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
