import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode } from '@continuum/domain';

export interface UniqueRule {
  /** The unique index or constraint, e.g. `uq_graduate_external_id`. */
  constraint: string;
  field: string;
  /** What the record is called in messages: "A graduate with this external id exists". */
  message: string;
  reason: string;
}

/**
 * Runs a write and turns a violation of the named unique index into a 409 that names the field,
 * so a race between two requests answers like the check that lost it, never a 500. Any other
 * error passes through untouched.
 */
export async function conflictOnUnique<T>(write: () => Promise<T>, rule: UniqueRule): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === rule.constraint) {
      throw new DomainError(DomainErrorCode.Conflict, rule.message, [{ field: rule.field, reason: rule.reason }]);
    }
    throw error;
  }
}
