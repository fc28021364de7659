import { Duration } from 'luxon';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A parsed ISO-8601 duration, sorted by how a schedule must treat it:
 * - `calendar`: only years, months, weeks and days, counted on the calendar (so "P1M" from
 *   31 January is 28 February, and a day across a DST change is 23 or 25 hours);
 * - `clock`: only hours, minutes and seconds, an exact number of milliseconds;
 * - `mixed`: both, fine for a window ("P1DT12H") but not for an offset that gets a local time.
 */
export interface IsoDuration {
  iso: string;
  duration: Duration;
  kind: 'calendar' | 'clock' | 'mixed';
  /** Shortest and longest this can last on any calendar, in ms (a month is 28–31 days, a year 365–366). */
  minMs: number;
  maxMs: number;
  /** The duration as luxon adds it to a date: months (years × 12) first, then days, then clock time. */
  parts: { months: number; days: number; ms: number };
  /** True when every unit is a whole number. */
  whole: boolean;
}

export type ParsedDuration = { ok: true; value: IsoDuration } | { ok: false; reason: string };

/**
 * Unsigned ISO-8601 durations only. Luxon alone would also accept "-P1D", "P-1D", "P" and "P1DT";
 * a negative or empty offset is always a mistake in a schedule, so it must not get that far.
 */
const ISO_DURATION =
  /^P(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;

const CALENDAR_UNITS = ['years', 'months', 'weeks', 'days'] as const;
const CLOCK_UNITS = ['hours', 'minutes', 'seconds'] as const;

/** Parses an unsigned ISO-8601 duration such as `P1D`, `P2W`, `PT5M`; the reason says what is wrong. */
export function parseIsoDuration(input: unknown): ParsedDuration {
  if (typeof input !== 'string' || !ISO_DURATION.test(input)) {
    return { ok: false, reason: 'must be an ISO-8601 duration without a sign, such as P1D, P2W or PT5M' };
  }
  const duration = Duration.fromISO(input);
  if (!duration.isValid) return { ok: false, reason: 'must be an ISO-8601 duration such as P1D, P2W or PT5M' };
  const units = duration.toObject();
  const values = Object.values(units).filter((v): v is number => typeof v === 'number');
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return { ok: false, reason: 'must not be negative' };

  const hasCalendar = CALENDAR_UNITS.some((unit) => (units[unit] ?? 0) > 0);
  const hasClock = CLOCK_UNITS.some((unit) => (units[unit] ?? 0) > 0);
  // A zero duration takes the kind of the units it was written in: P0D is "discharge day".
  const writtenCalendar = CALENDAR_UNITS.some((unit) => units[unit] !== undefined);
  const kind = hasCalendar && hasClock ? 'mixed' : hasCalendar || (!hasClock && writtenCalendar) ? 'calendar' : 'clock';

  const exact = (units.hours ?? 0) * HOUR + (units.minutes ?? 0) * MINUTE + (units.seconds ?? 0) * 1000;
  const weeksAndDays = ((units.weeks ?? 0) * 7 + (units.days ?? 0)) * DAY;
  const minMs = exact + weeksAndDays + ((units.years ?? 0) * 365 + (units.months ?? 0) * 28) * DAY;
  const maxMs = exact + weeksAndDays + ((units.years ?? 0) * 366 + (units.months ?? 0) * 31) * DAY;
  const parts = { months: (units.years ?? 0) * 12 + (units.months ?? 0), days: (units.weeks ?? 0) * 7 + (units.days ?? 0), ms: exact };
  return { ok: true, value: { iso: input, duration, kind, minMs, maxMs, parts, whole: values.every(Number.isInteger) } };
}

/**
 * `later` ends after `earlier` from every start date, not just on average: P1M is not after P30D
 * (February), P32D is after P1M. Either its shortest length beats the other's longest, or it has
 * at least as many months, days and clock time and more of one (P1Y1D after P1Y), since adding
 * more months, more days or more time to the same date always lands later.
 */
export function alwaysLonger(later: IsoDuration, earlier: IsoDuration): boolean {
  if (later.minMs > earlier.maxMs) return true;
  const a = later.parts;
  const b = earlier.parts;
  return a.months >= b.months && a.days >= b.days && a.ms >= b.ms && (a.months > b.months || a.days > b.days || a.ms > b.ms);
}

/** Whole days as `P{n}D`, whole seconds as `PT…H…M…S`: the two forms nextAdaptiveInterval returns. */
export function formatDays(days: number): string {
  return `P${days}D`;
}

export function formatSeconds(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

export const MS = { MINUTE, HOUR, DAY } as const;
