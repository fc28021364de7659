import { DateTime, IANAZone } from 'luxon';
import { planProblems, type CheckInPlanDefinition } from './check-in-plans';
import { isCalendarDate, isClockTime, isIanaTimezone } from './contact-rules';
import { DomainError, DomainErrorCode, type ErrorDetail } from './domain-error';
import { type IsoDuration, MS, parseIsoDuration } from './iso-duration';
import { DEFAULT_QUIET_HOURS, nextAllowedInstant, type ClockWindow } from './quiet-hours';
import { zoneOffset } from './zone-offset';

export interface CheckInScheduleInput {
  plan: CheckInPlanDefinition;
  /** `YYYY-MM-DD`, the graduate's discharge from the IOP: day-based offsets count from it. */
  dischargeDate: string;
  /** The graduate's IANA zone (`America/New_York`). */
  timezone: string;
  /** The graduate's own contact hours, if they chose some. */
  contactHours?: ClockWindow | null;
  quietHours?: ClockWindow;
  now: Date;
  /** When the graduate joined the plan: sub-day (demo) offsets count from it. */
  enrolledAt: Date;
}

export interface MaterialisedCheckIn {
  /** The offset's index in the plan, so a re-planned schedule keeps the numbers it had. */
  sequence: number;
  dueAt: Date;
  offset: string;
}

export interface CheckInDueInput {
  offset: string;
  localTime: string;
  dischargeDate: string;
  enrolledAt: Date;
  timezone: string;
  contactHours?: ClockWindow | null;
  quietHours?: ClockWindow;
}

/**
 * The check-ins of a plan that are still ahead, in plan order.
 *
 * A check-in whose due time (after moving out of quiet hours) is before `now` is skipped, not
 * sent late: a graduate enrolled on day 10 gets no burst of the day-1, day-3 and day-7
 * questions, and re-planning an existing schedule never re-creates what already went out. One due
 * exactly at `now` is kept. Sequence numbers stay the offset's index, so the skipped ones leave gaps.
 *
 * Two sub-day check-ins can come out with the same `dueAt` when quiet hours push both to the
 * next morning; their sequences still say which comes first.
 *
 * Throws DomainError (invalid, with details) for a plan planProblems refuses, a malformed
 * discharge date or an unknown zone; validate before saving rather than rely on this.
 */
export function materialiseCheckIns(input: CheckInScheduleInput): MaterialisedCheckIn[] {
  const problems = [...planProblems(input.plan), ...placeProblems(input.dischargeDate, input.timezone)];
  if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Cannot schedule check-ins', problems);
  const { plan, now, ...place } = input;
  const checkIns: MaterialisedCheckIn[] = [];
  // The plan and the place were checked above: each offset is placed without checking them again.
  plan.offsets.forEach((offset, sequence) => {
    const dueAt = placeCheckIn({ ...place, offset: rememberedOffset(offset), localTime: plan.localTime });
    if (dueAt.getTime() >= now.getTime()) checkIns.push({ sequence, dueAt, offset });
  });
  return checkIns;
}

/**
 * When one check-in is due. A day-based offset lands on the local calendar date discharge +
 * offset, at `localTime` on the graduate's wall clock (so "10:00" stays 10:00 across DST). A sub-day
 * offset is enrolment + offset, to the millisecond. Either is then moved forward, if need be, to
 * the first minute outside quiet hours and inside the graduate's contact hours.
 *
 * Adaptive plans use this for each next check-in: the caller adds nextAdaptiveInterval to the
 * previous offset and asks again, so adaptive check-ins keep the same local time as the rest.
 */
export function checkInDueAt(input: CheckInDueInput): Date {
  const problems = placeProblems(input.dischargeDate, input.timezone);
  const parsed = parseIsoDuration(input.offset);
  if (!parsed.ok) problems.push({ field: 'offset', reason: parsed.reason });
  if (!isClockTime(input.localTime)) problems.push({ field: 'localTime', reason: 'must be HH:MM on a 24-hour clock' });
  if (problems.length || !parsed.ok) throw new DomainError(DomainErrorCode.Invalid, 'Cannot place the check-in', problems);
  return placeCheckIn({ ...input, offset: parsed.value });
}

/** `checkInDueAt` for a checked input. */
function placeCheckIn(input: Omit<CheckInDueInput, 'offset'> & { offset: IsoDuration }): Date {
  const { offset } = input;
  let due: Date;
  if (offset.kind === 'clock') {
    due = new Date(input.enrolledAt.getTime() + offset.duration.as('milliseconds'));
  } else {
    const [year, month, day] = calendarDay(input.dischargeDate, offset);
    const [hour, minute] = input.localTime.split(':').map(Number);
    due = wallClockInstant(year, month, day, hour, minute, IANAZone.create(input.timezone));
  }
  return nextAllowedInstant(due, input.timezone, input.quietHours ?? DEFAULT_QUIET_HOURS, input.contactHours);
}

/**
 * Parsed offsets and calendar days, remembered: an enrolment places the same few offsets from the
 * same few discharge dates for thousands of graduates (luxon's date arithmetic was most of its CPU).
 * Bounded, and emptied when full.
 */
const REMEMBERED = 10_000;
const parsedOffsets = new Map<string, IsoDuration>();
const calendarDays = new Map<string, [number, number, number]>();

function remember<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size >= REMEMBERED) map.clear();
    map.set(key, value);
  }
  return value;
}

/** A plan offset that planProblems accepted, parsed. */
function rememberedOffset(offset: string): IsoDuration {
  return remember(parsedOffsets, offset, () => {
    const parsed = parseIsoDuration(offset);
    if (!parsed.ok) throw new RangeError(`not a checked plan offset: ${parsed.reason}`);
    return parsed.value;
  });
}

/** The calendar date `offset` after `date` (`YYYY-MM-DD`), as [year, month, day]. */
function calendarDay(date: string, offset: IsoDuration): [number, number, number] {
  return remember(calendarDays, `${date}+${offset.iso}`, () => {
    // Calendar arithmetic in UTC: only the date is wanted, and UTC has no DST to shift it.
    const day = DateTime.fromISO(date, { zone: 'UTC' }).plus(offset.duration);
    return [day.year, day.month, day.day];
  });
}

function placeProblems(dischargeDate: string, timezone: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!isCalendarDate(dischargeDate)) problems.push({ field: 'dischargeDate', reason: 'must be a date YYYY-MM-DD' });
  if (!isIanaTimezone(timezone)) problems.push({ field: 'timezone', reason: 'must be an IANA time zone' });
  return problems;
}

/**
 * The instant the wall clock of `zone` reads the given date and time. On a fall-back night the
 * time happens twice and the earlier instant wins (the first chance to ask). On a spring-forward
 * night it does not happen at all, and the answer is the next minute that does: the moment the
 * clocks jump (02:30 on 8 March 2026 in New York becomes 03:00 EDT, not 03:30).
 */
export function wallClockInstant(year: number, month: number, day: number, hour: number, minute: number, zone: IANAZone): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = [...new Set([zoneOffset(zone, wall - MS.DAY), zoneOffset(zone, wall), zoneOffset(zone, wall + MS.DAY)])];
  const valid = offsets.map((offset) => wall - offset * MS.MINUTE).filter((at) => zoneOffset(zone, at) * MS.MINUTE === wall - at);
  if (valid.length) return new Date(Math.min(...valid));

  // In a gap: the clock jumped from before it to after it. Find the jump, to the minute.
  let low = wall - Math.max(...offsets) * MS.MINUTE;
  let high = wall - Math.min(...offsets) * MS.MINUTE;
  const before = zoneOffset(zone, low);
  while (high - low > MS.MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MS.MINUTE) * MS.MINUTE;
    if (zoneOffset(zone, mid) === before) low = mid;
    else high = mid;
  }
  return new Date(high);
}
