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

/**
 * The end of a `[from, to)` window of instants: after the sibling property `fromProperty` and at
 * most `maxDays` days after it. Says nothing when either side is not a date; their own
 * validators name that.
 */
export function IsWindowEnd(fromProperty: string, maxDays: number, options?: ValidationOptions): PropertyDecorator {
  const span = (value: unknown, object: object) => {
    const from = (object as Record<string, unknown>)[fromProperty];
    if (typeof value !== 'string' || typeof from !== 'string') return null;
    const ms = Date.parse(value) - Date.parse(from);
    return Number.isNaN(ms) ? null : ms;
  };
  return ValidateBy(
    {
      name: 'isWindowEnd',
      validator: {
        validate: (value: unknown, args) => {
          const ms = span(value, args?.object ?? {});
          return ms === null || (ms > 0 && ms <= maxDays * 86_400_000);
        },
        defaultMessage: (args) => ((span(args?.value, args?.object ?? {}) ?? 1) <= 0 ? `must be after ${fromProperty}` : `must be at most ${maxDays} days after ${fromProperty}`),
      },
    },
    options,
  );
}
