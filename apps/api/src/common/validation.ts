import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from '@continuum/domain';

/** A 400 that carries one detail per invalid field. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly details: ErrorDetail[]) {
    super('Validation failed');
  }
}

/** Flattens class-validator's tree into `{ field: 'a.b.0.c', reason }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      reason: constraint === 'whitelistValidation' ? 'is not an accepted field' : stripFieldName(message, error.property),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name; the detail already names it. */
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}
