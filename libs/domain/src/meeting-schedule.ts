import { DateTime } from 'luxon';
import { Frequency, RRule, Weekday, type Options } from 'rrule';
import { isCalendarDate, isClockTime, isIanaTimezone, type Normalised } from './contact-rules';
import { DomainError, DomainErrorCode, type ErrorDetail } from './domain-error';
import { MS } from './iso-duration';

export interface MeetingRecurrence {
  /** First occurrence, local wall time in `timezone`: 'YYYY-MM-DDTHH:mm'. */
  startsLocal: string;
  /** IANA zone (`America/Chicago`). */
  timezone: string;
  /**
   * An RFC 5545 RRULE body without DTSTART, e.g. 'FREQ=WEEKLY;BYDAY=TH;COUNT=10' (a leading
   * 'RRULE:' is accepted); null = a single meeting.
   */
  rrule: string | null;
  /** 5..720. */
  durationMinutes: number;
}

export interface MeetingOccurrence {
  startsAt: Date;
  endsAt: Date;
}

export const MIN_MEETING_MINUTES = 5;
export const MAX_MEETING_MINUTES = 720;
const DEFAULT_OCCURRENCE_LIMIT = 500;
/** rrule stops expanding after this year. */
const RRULE_MAX_YEAR = 9999;

/**
 * What is wrong with a meeting's schedule, field by field; empty when it can be expanded.
 *
 * Beyond RFC 5545 itself, a rule must not repeat more than once a day and must not set the time
 * of day (startsLocal does), and startsLocal must itself be one of the rule's meetings: we call it
 * the first occurrence, and RFC 5545 leaves a DTSTART outside its own rule undefined, so clients
 * (and rrule) disagree about whether it happens.
 */
export function recurrenceProblems(r: MeetingRecurrence): ErrorDetail[] {
  return readRecurrence(r).problems;
}

interface ReadRecurrence {
  problems: ErrorDetail[];
  /** The first meeting on the floating clock, when startsLocal is well formed. */
  start: Date | null;
  /** rrule options, when there is a rule and it parses. */
  options: Partial<Options> | null;
}

function readRecurrence(r: MeetingRecurrence): ReadRecurrence {
  const problems: ErrorDetail[] = [];
  const start = parseLocal(r.startsLocal);
  if (!start) problems.push({ field: 'startsLocal', reason: 'must be a local date and time like 2027-03-04T18:30' });
  if (!isIanaTimezone(r.timezone)) problems.push({ field: 'timezone', reason: 'must be an IANA time zone such as America/Chicago' });
  if (!Number.isInteger(r.durationMinutes) || r.durationMinutes < MIN_MEETING_MINUTES || r.durationMinutes > MAX_MEETING_MINUTES) {
    problems.push({
      field: 'durationMinutes',
      reason: `must be a whole number of minutes between ${MIN_MEETING_MINUTES} and ${MAX_MEETING_MINUTES}`,
    });
  }
  if (r.rrule === null) return { problems, start, options: null };

  const parsed = parseRule(r.rrule);
  if (!parsed.ok) {
    problems.push({ field: 'rrule', reason: parsed.reason });
    return { problems, start, options: null };
  }
  if (start) {
    const { until } = parsed.value;
    if (until && until.getTime() < start.getTime()) {
      problems.push({ field: 'rrule', reason: 'must not end (UNTIL) before startsLocal' });
    } else if (!isOccurrence(parsed.value, start)) {
      problems.push({ field: 'startsLocal', reason: 'must be one of the meetings the rule gives (for example a Thursday for BYDAY=TH)' });
    }
  }
  return { problems, start, options: parsed.value };
}

/**
 * The meetings whose start is in [from, to), in order, at most `limit` of them.
 *
 * The rule is expanded in floating time (the wall clock written as if it were UTC, rrule's own
 * advice for zones) and each wall time is then placed in the zone, so an 18:30 meeting stays at
 * 18:30 across DST; asking rrule for its tzid would instead keep the UTC instant. UNTIL is read
 * on that wall clock too, whatever its Z says. A wall time that does not exist (spring forward)
 * moves on by the size of the gap, as luxon does, which is also how RFC 5545 reads it (with the
 * offset from before the gap); one that happens twice (fall back) is the first, as RFC 5545 says.
 *
 * Throws DomainError (invalid, with details) for anything recurrenceProblems refuses.
 */
export function meetingOccurrences(r: MeetingRecurrence, from: Date, to: Date, limit = DEFAULT_OCCURRENCE_LIMIT): MeetingOccurrence[] {
  const { problems, start, options } = readRecurrence(r);
  if (problems.length || !start) throw new DomainError(DomainErrorCode.Invalid, 'Cannot expand the meeting schedule', problems);

  const occurrences: MeetingOccurrence[] = [];
  if (limit < 1 || to.getTime() <= from.getTime()) return occurrences;
  const accept = (wall: Date): boolean => {
    const startsAt = zonedInstant(wall, r.timezone);
    if (startsAt.getTime() >= from.getTime() && startsAt.getTime() < to.getTime()) {
      occurrences.push({ startsAt, endsAt: new Date(startsAt.getTime() + r.durationMinutes * MS.MINUTE) });
    }
    return occurrences.length < limit;
  };

  if (!options) {
    accept(start);
    return occurrences;
  }
  // Wall clocks run up to 14 hours either side of UTC, and a skipped day (Samoa, 2011) pushes a
  // wall time a day on: two days of margin on the floating window cover both, and the exact
  // window is applied to the real instants.
  const margin = 2 * MS.DAY;
  floatingRule(options, start).between(new Date(from.getTime() - margin), new Date(to.getTime() + margin), true, accept);
  return occurrences;
}

/** 'YYYY-MM-DDTHH:mm' as a floating Date (the wall clock read as UTC), or null. */
function parseLocal(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!match || !isCalendarDate(match[1]) || !isClockTime(match[2])) return null;
  return new Date(`${value}:00Z`);
}

function zonedInstant(wall: Date, timezone: string): Date {
  const local = DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    },
    { zone: timezone },
  );
  // On a fall-back night luxon picks the later of the two instants; RFC 5545 (and the check-in
  // schedule) use the earlier.
  const earliest = Math.min(...local.getPossibleOffsets().map((dt) => dt.toMillis()));
  return new Date(earliest);
}

function floatingRule(options: Partial<Options>, start: Date): RRule {
  return new RRule({ ...options, dtstart: start, tzid: null }, true);
}

/**
 * Whether the rule, started at `start`, meets at `start`. rrule looks for a first meeting until
 * the year 9999, which for a rule that never meets takes seconds (17 s for a daily one), so the
 * question is asked a whole number of 400-year cycles later, close to 9999. The Gregorian
 * calendar repeats every 400 years to the weekday, and nothing else decides whether the first
 * period holds `start` (COUNT and UNTIL only end the series).
 */
function isOccurrence(options: Partial<Options>, start: Date): boolean {
  const probe = new Date(start);
  probe.setUTCFullYear(start.getUTCFullYear() + Math.floor((RRULE_MAX_YEAR - start.getUTCFullYear()) / 400) * 400);
  return floatingRule({ ...options, count: null, until: null }, probe).between(probe, probe, true).length > 0;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FREQUENCIES: Readonly<Record<string, Frequency>> = {
  DAILY: Frequency.DAILY,
  WEEKLY: Frequency.WEEKLY,
  MONTHLY: Frequency.MONTHLY,
  YEARLY: Frequency.YEARLY,
};
const TOO_FREQUENT = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);
const PARTS = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
/** Ranges of the numeric BY parts (RFC 5545 §3.3.10); `signed` ones count from the end when negative. */
const NUMBER_LISTS = {
  BYMONTHDAY: { max: 31, signed: true, option: 'bymonthday' },
  BYYEARDAY: { max: 366, signed: true, option: 'byyearday' },
  BYWEEKNO: { max: 53, signed: true, option: 'byweekno' },
  BYMONTH: { max: 12, signed: false, option: 'bymonth' },
  BYSETPOS: { max: 366, signed: true, option: 'bysetpos' },
} as const;

/**
 * Our own reading of the RRULE grammar: rrule's parser lets through much that is not one
 * ('COUNT=abc', 'BYDAY=XX', lower-case day names silently dropped), and each of those would expand
 * into a schedule nobody asked for.
 */
function parseRule(text: string): Normalised<Partial<Options>> {
  const invalid = (why: string): Normalised<Partial<Options>> => ({ ok: false, reason: `is not a valid RRULE: ${why}` });
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART/i.test(body)) return { ok: false, reason: 'must not contain DTSTART (startsLocal gives it)' };
  if (/[\r\n]/.test(body)) return invalid('it must be one RRULE line, without EXDATE, RDATE or other properties');
  if (!body) return invalid('it is empty (a single meeting has no rule)');

  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Za-z-]+)=(.+)$/.exec(part.trim());
    if (!match) return invalid(`"${part}" is not NAME=VALUE`);
    const name = match[1].toUpperCase();
    if (name === 'TZID') return invalid('TZID is not a rule part (timezone gives the zone)');
    if (!PARTS.has(name)) return invalid(`${name} is not a rule part`);
    if (parts.has(name)) return invalid(`${name} appears twice`);
    parts.set(name, match[2].trim().toUpperCase());
  }

  const freqName = parts.get('FREQ');
  if (freqName === undefined) return invalid('FREQ is required');
  if (TOO_FREQUENT.has(freqName)) return { ok: false, reason: 'must repeat no more often than daily' };
  const freq = FREQUENCIES[freqName];
  if (freq === undefined) return invalid('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  if (parts.has('BYHOUR') || parts.has('BYMINUTE') || parts.has('BYSECOND')) {
    return { ok: false, reason: 'must not set the time of day (BYHOUR, BYMINUTE, BYSECOND): startsLocal gives it' };
  }
  const options: Partial<Options> = { freq };

  const count = parts.get('COUNT');
  if (count !== undefined) {
    if (!/^\d{1,6}$/.test(count) || Number(count) < 1) return invalid('COUNT must be a whole number from 1 to 999999');
    options.count = Number(count);
  }
  const interval = parts.get('INTERVAL');
  if (interval !== undefined) {
    if (!/^\d{1,4}$/.test(interval) || Number(interval) < 1) return invalid('INTERVAL must be a whole number from 1 to 9999');
    options.interval = Number(interval);
  }
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    if (count !== undefined) return invalid('COUNT and UNTIL must not both be given');
    const end = parseUntil(until);
    if (!end) return invalid('UNTIL must be a date like 20270401 or a date and time like 20270401T235900Z');
    options.until = end;
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined) {
    const day = WEEKDAYS.indexOf(wkst as (typeof WEEKDAYS)[number]);
    if (day < 0) return invalid('WKST must be a day: MO, TU, WE, TH, FR, SA or SU');
    options.wkst = day;
  }

  const byday = parts.get('BYDAY');
  if (byday !== undefined) {
    const days: Weekday[] = [];
    for (const item of byday.split(',')) {
      const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      const nth = match?.[1] === undefined ? undefined : Number(match[1]);
      if (!match || (nth !== undefined && (nth === 0 || Math.abs(nth) > 53))) {
        return invalid(`BYDAY "${item}" must be a day (MO … SU), optionally numbered like 2TH or -1FR`);
      }
      if (nth !== undefined && freq !== Frequency.MONTHLY && freq !== Frequency.YEARLY) {
        return invalid('a numbered BYDAY (like 2TH) needs FREQ=MONTHLY or FREQ=YEARLY');
      }
      if (nth !== undefined && parts.has('BYWEEKNO')) return invalid('a numbered BYDAY (like 2TH) cannot go with BYWEEKNO');
      if (nth !== undefined && Math.abs(nth) > 5 && (freq === Frequency.MONTHLY || parts.has('BYMONTH'))) {
        return invalid(`BYDAY "${item}" asks for more than the fifth of a day in a month`);
      }
      days.push(new Weekday(WEEKDAYS.indexOf(match[2] as (typeof WEEKDAYS)[number]), nth));
    }
    options.byweekday = days;
  }

  for (const [name, spec] of Object.entries(NUMBER_LISTS)) {
    const value = parts.get(name);
    if (value === undefined) continue;
    const numbers = value.split(',').map((item) => (/^[+-]?\d{1,3}$/.test(item) ? Number(item) : NaN));
    const inRange = (n: number) => n !== 0 && Math.abs(n) <= spec.max && (spec.signed || n > 0);
    if (!numbers.every(inRange)) {
      return invalid(`${name} must list whole numbers from ${spec.signed ? `-${spec.max} to -1 or ` : ''}1 to ${spec.max}`);
    }
    options[spec.option] = numbers;
  }
  if (parts.has('BYMONTHDAY') && freq === Frequency.WEEKLY) return invalid('BYMONTHDAY cannot go with FREQ=WEEKLY');
  if (parts.has('BYYEARDAY') && freq !== Frequency.YEARLY) return invalid('BYYEARDAY needs FREQ=YEARLY');
  if (parts.has('BYWEEKNO') && freq !== Frequency.YEARLY) return invalid('BYWEEKNO needs FREQ=YEARLY');
  if (parts.has('BYSETPOS') && freq !== Frequency.MONTHLY && freq !== Frequency.YEARLY) {
    return invalid('BYSETPOS needs FREQ=MONTHLY or FREQ=YEARLY');
  }
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS')) {
    return invalid('BYSETPOS needs another BY part to pick from');
  }
  if (!monthDaysExist(options)) return invalid('BYMONTHDAY names no day that exists in the months given');
  return { ok: true, value: options };
}

/**
 * Whether some listed month has some listed day (counting leap years). A rule naming only days
 * that never exist ('BYMONTH=2;BYMONTHDAY=30') would otherwise be searched for until the year 9999.
 */
function monthDaysExist(options: Partial<Options>): boolean {
  const days = options.bymonthday;
  if (!Array.isArray(days)) return true;
  const months = Array.isArray(options.bymonth) ? options.bymonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const longest = (month: number) => new Date(Date.UTC(2024, month, 0)).getUTCDate();
  return months.some((month) => days.some((day) => Math.abs(day) <= longest(month)));
}

/**
 * UNTIL as a floating Date. A bare date means the end of that day: "until 1 April" should keep
 * an evening meeting on 1 April, where rrule would stop at its midnight.
 */
function parseUntil(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  if (!isCalendarDate(`${year}-${month}-${day}`)) return null;
  if (hour === undefined) return new Date(`${year}-${month}-${day}T23:59:59Z`);
  // Second 60 is a leap second, which JavaScript dates do not have.
  if (!isClockTime(`${hour}:${minute}`) || Number(second) > 60) return null;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second === '60' ? '59' : second}Z`);
}
