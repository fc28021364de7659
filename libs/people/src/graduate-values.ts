import {
  type Channel,
  type ErrorDetail,
  GRADUATE_FIELDS,
  graduateFieldProblems,
  graduateProblems,
  type GraduateStatus,
  type Language,
  type RawGraduate,
} from '@continuum/domain';
import type { GraduateEntity } from '@continuum/persistence';
import { normaliseContactPoints } from './contact-points';
import type { GraduateInput } from './graduates.service';

/** What is stored for a graduate, normalised: every column but ids, organisation and timestamps. */
export interface GraduateValues {
  programId: string | null;
  externalId: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  sortName: string;
  admissionDate: string | null;
  dischargeDate: string | null;
  timezone: string;
  phone: string | null;
  email: string | null;
  preferredChannels: Channel[];
  contactHoursStart: string | null;
  contactHoursEnd: string | null;
  language: Language;
  status: GraduateStatus;
  notes: string | null;
}

export type GraduateValuesResult = { ok: true; values: GraduateValues } | { ok: false; problems: ErrorDetail[] };

export function sortNameOf(firstName: string, lastName: string): string {
  return `${lastName} ${firstName}`.trim().toLowerCase();
}

/**
 * The one path from a graduate record (the API's body merged with the stored record, or a CSV
 * row) to the values stored: single-field rules, then normalisation (E.164 phone, lower-case
 * email, channels once each), then the rules across fields. Whether the program belongs to the
 * organisation needs the database, so the caller checks that.
 */
export function graduateValues(raw: RawGraduate): GraduateValuesResult {
  const fieldProblems = graduateFieldProblems(raw);
  if (fieldProblems.length) return { ok: false, problems: fieldProblems };
  // Every field has just passed its rule, so the record has the types GraduateInput names.
  const input = raw as GraduateInput;
  const problems: ErrorDetail[] = [];
  const { phone, email } = normaliseContactPoints(input, problems);
  const preferredChannels = [...new Set(input.preferredChannels ?? [])];
  problems.push(...graduateProblems({ ...input, phone, email, preferredChannels }));
  if (problems.length) return { ok: false, problems };
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  return {
    ok: true,
    values: {
      programId: input.programId ?? null,
      externalId: input.externalId?.trim() || null,
      firstName,
      lastName,
      preferredName: input.preferredName?.trim() || null,
      sortName: sortNameOf(firstName, lastName),
      admissionDate: input.admissionDate ?? null,
      dischargeDate: input.dischargeDate ?? null,
      timezone: input.timezone,
      phone,
      email,
      preferredChannels,
      contactHoursStart: input.contactHoursStart ?? null,
      contactHoursEnd: input.contactHoursEnd ?? null,
      language: input.language ?? 'en',
      status: input.status ?? 'active',
      notes: input.notes ?? null,
    },
  };
}

/** A stored graduate as the record a change is merged into. */
export function graduateInputOf(graduate: GraduateEntity): GraduateInput {
  const input: RawGraduate = {};
  for (const field of GRADUATE_FIELDS) input[field] = graduate[field];
  return input as GraduateInput;
}

/** The names of the stored values a change would alter. */
export function changedFields(current: GraduateValues, next: GraduateValues): (keyof GraduateValues)[] {
  return (Object.keys(next) as (keyof GraduateValues)[]).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]));
}
