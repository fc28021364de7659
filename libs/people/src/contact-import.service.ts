import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { contactFieldProblems, type ErrorDetail, type Language, type RawContact, type Relationship } from '@continuum/domain';
import { ContactEntity, GraduateEntity } from '@continuum/persistence';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { normaliseContactPoints } from './contact-points';
import { readImportCsv } from './graduate-csv';

const COLUMNS = ['graduateExternalId', 'externalId', 'name', 'relationship', 'phone', 'email', 'language', 'timezone'] as const;
type ContactColumn = (typeof COLUMNS)[number];

export interface ContactImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; externalId: string | null; field: string; reason: string }[];
}

type Values = Pick<ContactEntity, 'graduateId' | 'externalId' | 'name' | 'relationship' | 'phone' | 'email' | 'language' | 'timezone'>;
const COMPARED: (keyof Values)[] = ['name', 'relationship', 'phone', 'email', 'language', 'timezone'];

/**
 * Imports family and support contacts from a CSV file, next to the graduates' own import: each
 * record names its graduate by the graduate's external id and carries its own external id, which
 * re-imports match on (update, never duplicate). Records go through the contact rules of the API;
 * a blank language or timezone takes the graduate's. Consent is not imported: it is recorded per
 * contact, with what the graduate was shown. Valid records are written in one transaction; invalid
 * ones are reported by row, field and reason, never quoting their contents.
 */
@Injectable()
export class ContactImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, csvText: string, options: { dryRun: boolean }): Promise<ContactImportReport> {
    const csv = readImportCsv(csvText, COLUMNS, (columns) =>
      (['graduateExternalId', 'externalId'] as const).filter((c) => !columns.includes(c)).map((c) => ({ field: c, reason: 'is a required column' })),
    );
    return this.dataSource.transaction(async (manager) => {
      const rows = csv.records.map((record) => {
        const cells = Object.fromEntries(csv.columns.map((column, i) => [column, (record.cells[i] ?? '').trim() || null])) as Partial<Record<ContactColumn, string | null>>;
        const problems: ErrorDetail[] = record.cells.length === csv.columns.length ? [] : [{ field: 'row', reason: `has ${record.cells.length} cells where the header has ${csv.columns.length}` }];
        return { row: record.row, cells, problems };
      });
      const graduates = await this.byExternalId(manager, GraduateEntity, actor.organisationId, rows.map((r) => r.cells.graduateExternalId));
      const existing = await this.byExternalId(manager, ContactEntity, actor.organisationId, rows.map((r) => r.cells.externalId), !options.dryRun);
      const report: ContactImportReport = { dryRun: options.dryRun, total: rows.length, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] };
      const seen = new Map<string, number>();
      const toSave: ContactEntity[] = [];
      for (const { row, cells, problems } of rows) {
        const externalId = cells.externalId ?? null;
        const graduate = cells.graduateExternalId ? graduates.get(cells.graduateExternalId) : undefined;
        if (!cells.graduateExternalId) problems.push({ field: 'graduateExternalId', reason: 'is required' });
        else if (!graduate) problems.push({ field: 'graduateExternalId', reason: 'is not a graduate of this organisation' });
        if (!externalId) problems.push({ field: 'externalId', reason: 'is required, so that a re-import updates rather than duplicates' });
        else if (seen.has(externalId)) problems.push({ field: 'externalId', reason: `repeats the externalId of row ${seen.get(externalId)}` });
        else seen.set(externalId, row);
        const current = externalId ? existing.get(externalId) : undefined;
        if (current && graduate && current.graduateId !== graduate.id) problems.push({ field: 'externalId', reason: "is another graduate's contact" });
        if (current?.archivedAt) problems.push({ field: 'externalId', reason: 'names a removed contact; add them again in Continuum, with consent' });
        const raw: RawContact = { ...(current ? pickContact(current) : {}), ...withoutKeys(cells) };
        problems.push(...contactFieldProblems(raw));
        const { phone, email } = problems.length ? { phone: null, email: null } : normaliseContactPoints(raw as { phone?: string | null; email?: string | null }, problems);
        if (!problems.length && !phone && !email) problems.push({ field: 'phone', reason: 'a contact needs a phone number or an email address' });
        if (problems.length || !graduate) {
          report.failed += 1;
          report.errors.push(...problems.map((p) => ({ row, externalId, field: p.field, reason: p.reason })));
          continue;
        }
        const values: Values = {
          graduateId: graduate.id,
          externalId,
          name: (raw.name as string).trim(),
          relationship: raw.relationship as Relationship,
          phone,
          email,
          language: ((raw.language as Language | null) ?? graduate.language) as Language,
          timezone: (raw.timezone as string | null) ?? graduate.timezone,
        };
        if (current && COMPARED.every((k) => current[k] === values[k])) {
          report.unchanged += 1;
          continue;
        }
        if (current) report.updated += 1;
        else report.created += 1;
        toSave.push(current ? Object.assign(current, values) : manager.create(ContactEntity, { ...values, organisationId: actor.organisationId }));
      }
      if (!options.dryRun) {
        await manager.save(ContactEntity, toSave, { chunk: 500 });
        const counts = { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, failed: report.failed };
        await this.audit.record(actor, 'contact.import', { type: 'contact', id: null }, counts, manager);
      }
      return report;
    });
  }

  private async byExternalId<T extends GraduateEntity | ContactEntity>(
    manager: EntityManager,
    entity: new () => T,
    organisationId: string,
    ids: (string | null | undefined)[],
    lock = false,
  ): Promise<Map<string, T>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (!wanted.length) return new Map();
    const found = (await manager.find(entity, {
      where: { organisationId, externalId: In(wanted) } as never,
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    })) as T[];
    return new Map(found.map((row) => [row.externalId as string, row]));
  }
}

function pickContact(c: ContactEntity): RawContact {
  return { externalId: c.externalId, name: c.name, relationship: c.relationship, phone: c.phone, email: c.email, language: c.language, timezone: c.timezone };
}

/** The record's contact fields; a blank cell clears the field (language and timezone then fall back to the graduate's). */
function withoutKeys(cells: Partial<Record<ContactColumn, string | null>>): RawContact {
  const { graduateExternalId: _graduate, ...rest } = cells;
  return rest;
}
