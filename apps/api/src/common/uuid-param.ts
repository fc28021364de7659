import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from './validation';

/** Parses a path parameter as a UUID, answering 400 that names the parameter otherwise. */
export function uuidPipe(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () => new ValidationFailedException([{ field, reason: 'must be a UUID' }]),
  });
}
