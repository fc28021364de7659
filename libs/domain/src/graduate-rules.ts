import type { ErrorDetail } from './domain-error';

export const GraduateStatus = {
  Active: 'active',
  Paused: 'paused',
  Completed: 'completed',
  Withdrawn: 'withdrawn',
} as const;
export type GraduateStatus = (typeof GraduateStatus)[keyof typeof GraduateStatus];

export const Channel = { Sms: 'sms', Email: 'email' } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export interface GraduateFacts {
  admissionDate?: string | null;
  dischargeDate?: string | null;
  phone?: string | null;
  email?: string | null;
  preferredChannels?: Channel[];
  contactHoursStart?: string | null;
  contactHoursEnd?: string | null;
}

/**
 * Rules across fields that single-field validation cannot see. Dates are `YYYY-MM-DD`, so
 * string order is date order.
 */
export function graduateProblems(facts: GraduateFacts): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (facts.admissionDate && facts.dischargeDate && facts.dischargeDate < facts.admissionDate) {
    problems.push({ field: 'dischargeDate', reason: 'must not be before admissionDate' });
  }
  for (const channel of facts.preferredChannels ?? []) {
    if (channel === Channel.Sms && !facts.phone) {
      problems.push({ field: 'preferredChannels', reason: 'sms needs a phone number' });
    }
    if (channel === Channel.Email && !facts.email) {
      problems.push({ field: 'preferredChannels', reason: 'email needs an email address' });
    }
  }
  if (Boolean(facts.contactHoursStart) !== Boolean(facts.contactHoursEnd)) {
    problems.push({ field: 'contactHoursEnd', reason: 'contactHoursStart and contactHoursEnd go together' });
  } else if (facts.contactHoursStart && facts.contactHoursEnd && facts.contactHoursStart === facts.contactHoursEnd) {
    problems.push({ field: 'contactHoursEnd', reason: 'must differ from contactHoursStart' });
  }
  return problems;
}

/** The cohort a graduate belongs to: the month of their discharge, `YYYY-MM`. */
export function cohortOf(dischargeDate: string | null): string | null {
  return dischargeDate ? dischargeDate.slice(0, 7) : null;
}

/** How a family member or support contact is related to the graduate. */
export const RELATIONSHIPS = ['parent', 'partner', 'spouse', 'child', 'sibling', 'relative', 'friend', 'sponsor', 'mentor', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
