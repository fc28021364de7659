import { DomainError, DomainErrorCode, type ErrorDetail, normalisePhone } from '@continuum/domain';

export interface ContactPoints {
  phone: string | null;
  email: string | null;
}

/**
 * The one normalisation of how we reach a person, for graduates and contacts alike: phones to
 * E.164 (libphonenumber-js says why a number is refused), emails trimmed and lower-cased.
 */
export function normaliseContactPoints(input: { phone?: string | null; email?: string | null }, problems: ErrorDetail[]): ContactPoints {
  let phone: string | null = null;
  if (input.phone) {
    const normalised = normalisePhone(input.phone);
    if (normalised.ok) phone = normalised.value;
    else problems.push({ field: 'phone', reason: normalised.reason });
  }
  const email = input.email ? input.email.trim().toLowerCase() : null;
  return { phone, email };
}

export function invalid(what: string, details: ErrorDetail[]): DomainError {
  return new DomainError(DomainErrorCode.Invalid, `${what} details are inconsistent`, details);
}
