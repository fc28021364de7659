/**
 * Stable codes for the errors our rules raise. The API maps each code to one HTTP status in
 * a single place (the exception filter), so services never think in HTTP.
 */
export const DomainErrorCode = {
  NotFound: 'not_found',
  Conflict: 'conflict',
  Invalid: 'invalid',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  Locked: 'locked',
  Gone: 'gone',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export interface ErrorDetail {
  /** The input field the problem is about, as the caller named it (e.g. `phone`, `items.2.date`). */
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A record that does not exist, or that the caller may not know exists (another tenant's). */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(DomainErrorCode.NotFound, `${what} not found`);
  }
}

/** Credentials or a token that do not prove who the caller is. Deliberately vague. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Invalid credentials') {
    super(DomainErrorCode.Unauthenticated, message);
  }
}

/** The caller is known but their role does not allow this. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed for your role') {
    super(DomainErrorCode.Forbidden, message);
  }
}

/** Too many failed attempts: the account (or the caller) must wait. */
export class LockedError extends DomainError {
  constructor(message = 'Too many failed sign-ins; try again later') {
    super(DomainErrorCode.Locked, message);
  }
}

/** A link that was real but has expired, been used up or been withdrawn. */
export class LinkGoneError extends DomainError {
  constructor(message = 'This link has expired or has already been used') {
    super(DomainErrorCode.Gone, message);
  }
}
