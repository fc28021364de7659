import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate, isClockTime, isIanaTimezone, normalisePhone } from '@continuum/domain';

/** A phone number libphonenumber-js accepts (US when no country code); the service stores E.164. */
export function IsPhone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPhone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalisePhone(value).ok,
        defaultMessage: (args) => {
          const result = typeof args?.value === 'string' ? normalisePhone(args.value) : null;
          return result && !result.ok ? result.reason : 'must be a phone number';
        },
      },
    },
    options,
  );
}

export function IsIanaTimezone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimezone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIanaTimezone(value),
        defaultMessage: () => 'must be an IANA timezone such as America/Chicago',
      },
    },
    options,
  );
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a date written YYYY-MM-DD',
      },
    },
    options,
  );
}

export function IsClockTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isClockTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isClockTime(value),
        defaultMessage: () => 'must be a time written HH:MM (24-hour)',
      },
    },
    options,
  );
}
