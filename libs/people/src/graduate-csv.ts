import { CsvError, parse } from 'csv-parse/sync';
import { DomainError, DomainErrorCode, type ErrorDetail, GRADUATE_FIELDS, type GraduateField } from '@continuum/domain';

/** A column of an import file: a graduate field, or `program` (a program's name instead of its id). */
export type ImportColumn = GraduateField | 'program';

const COLUMNS: readonly ImportColumn[] = [...GRADUATE_FIELDS, 'program'];

/** `external_id`, `External ID` and `externalId` all name the same column. */
const keyOf = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');

export interface CsvRecord {
  /** 1-based, the header excluded: the N-th record after the header. */
  row: number;
  cells: string[];
}

export interface GraduateCsv {
  columns: ImportColumn[];
  /** Records that hold at least one non-blank cell (blank lines keep their number but are skipped). */
  records: CsvRecord[];
}

const READ_FAILURES: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by something other than a comma or a line end',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by something other than a comma or a line end',
  CSV_MAX_RECORD_SIZE: 'a record is too long',
};

function refuse(message: string, details: ErrorDetail[]): DomainError {
  return new DomainError(DomainErrorCode.Invalid, message, details);
}

/**
 * Reads an import file: a header row naming the columns (out of `known`), then one record per
 * row. Refuses (422) what cannot be read at all: malformed CSV, no header, an unknown or repeated
 * column, or what `checkColumns` refuses. Reasons never quote the file's contents, so a refusal
 * can be logged safely.
 */
export function readImportCsv<C extends string>(text: string, known: readonly C[], checkColumns: (columns: C[]) => ErrorDetail[] = () => []): { columns: C[]; records: CsvRecord[] } {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, max_record_size: 100_000 });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error['lines'] === 'number' ? `line ${error['lines']}: ` : '';
    throw refuse('The CSV file could not be read', [
      { field: 'body', reason: `${line}${READ_FAILURES[error.code] ?? 'is not well-formed CSV'}` },
    ]);
  }
  const [header, ...data] = rows;
  if (!header || header.every((cell) => cell.trim() === '')) {
    throw refuse('The CSV file has no header row', [{ field: 'body', reason: 'must start with a header row naming the columns' }]);
  }
  const byKey = new Map<string, C>(known.map((column) => [keyOf(column), column]));
  const problems: ErrorDetail[] = [];
  const columns: C[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim() || `(blank header of column ${index + 1})`;
    const column = byKey.get(keyOf(name));
    if (!column) {
      problems.push({ field: name, reason: `is not a known column (known: ${known.join(', ')})` });
    } else if (columns.includes(column)) {
      problems.push({ field: name, reason: `repeats the ${column} column` });
    }
    if (column) columns.push(column);
  });
  problems.push(...checkColumns(columns));
  if (problems.length) throw refuse('The header row names columns that cannot be imported', problems);
  const records: CsvRecord[] = [];
  data.forEach((cells, index) => {
    if (cells.some((cell) => cell.trim() !== '')) records.push({ row: index + 1, cells });
  });
  return { columns, records };
}

/** A graduate import file: graduate fields, or `program` (a program's name) instead of `programId`. */
export function readGraduateCsv(text: string): GraduateCsv {
  return readImportCsv(text, COLUMNS, (columns) =>
    columns.includes('program') && columns.includes('programId') ? [{ field: 'program', reason: 'cannot be given together with programId' }] : [],
  );
}
