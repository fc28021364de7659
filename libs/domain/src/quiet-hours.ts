import type { IANAZone } from 'luxon';
import { ianaZone, isClockTime } from './contact-rules';
import { zoneOffset } from './zone-offset';

/** A daily window on the recipient's wall clock, `HH:MM`–`HH:MM`; it wraps midnight when end < start. */
export interface ClockWindow {
  start: string;
  end: string;
}

/** TCPA allows calls and texts 08:00–21:00 in the recipient's local time; 21:00 itself is already quiet. */
export const DEFAULT_QUIET_HOURS: Readonly<ClockWindow> = Object.freeze({ start: '21:00', end: '08:00' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Long enough to reach the start of an allowed window from anywhere, across a DST change. */
const HORIZON = 3 * DAY;

interface MinuteWindow {
  start: number;
  end: number;
}

/** True when `at` falls inside the quiet window on the recipient's wall clock (`start` inclusive, `end` exclusive). */
export function isQuiet(at: Date, timezone: string, quiet: ClockWindow = DEFAULT_QUIET_HOURS): boolean {
  return inWindow(localMinute(at.getTime(), zoneOf(timezone)), toMinutes(quiet, 'quiet'));
}

/**
 * The earliest instant at or after `at` when a routine message may go out: outside quiet hours
 * and, when the recipient chose contact hours, inside them. Returns `at` itself when it is
 * already allowed, otherwise the first allowed minute on the recipient's wall clock.
 *
 * When the recipient's contact hours lie entirely inside quiet hours the two cannot both be
 * honoured; the law wins, so the contact hours are ignored rather than never sending at all.
 *
 * DST: the answer is found among the instants at which the wall clock reaches the start of an
 * allowed window (both of them when a fall-back repeats that time) and the instants at which the
 * clock jumps (a spring-forward can skip straight past the end of a quiet window).
 */
export function nextAllowedInstant(
  at: Date,
  timezone: string,
  quiet: ClockWindow = DEFAULT_QUIET_HOURS,
  contactHours?: ClockWindow | null,
): Date {
  const zone = zoneOf(timezone);
  const quietMinutes = toMinutes(quiet, 'quiet');
  let contact = contactHours ? toMinutes(contactHours, 'contactHours') : null;
  if (contact && !overlapsNotQuiet(quietMinutes, contact)) contact = null;

  const allowed = (ms: number): boolean => {
    const minute = localMinute(ms, zone);
    return !inWindow(minute, quietMinutes) && (contact === null || inWindow(minute, contact));
  };
  const from = at.getTime();
  if (allowed(from)) return at;

  const openings = contact ? [quietMinutes.end, contact.start] : [quietMinutes.end];
  let best = Number.POSITIVE_INFINITY;
  for (const ms of [...wallClockInstants(from, zone, openings), ...offsetChanges(from, zone)]) {
    if (ms > from && ms < best && allowed(ms)) best = ms;
  }
  // Unreachable while the allowed window is non-empty, which toMinutes and the fallback ensure.
  if (!Number.isFinite(best)) throw new Error(`No allowed time within ${HORIZON / DAY} days in ${timezone}`);
  return new Date(best);
}

function zoneOf(timezone: string): IANAZone {
  const zone = ianaZone(timezone);
  if (!zone) throw new RangeError(`Unknown time zone "${timezone}"`);
  return zone;
}

function toMinutes(window: ClockWindow, name: string): MinuteWindow {
  if (!isClockTime(window.start) || !isClockTime(window.end)) {
    throw new RangeError(`${name} must be HH:MM–HH:MM, got ${window.start}–${window.end}`);
  }
  const start = minuteOfDay(window.start);
  const end = minuteOfDay(window.end);
  // Equal ends could mean "all day" or "never"; refuse rather than guess.
  if (start === end) throw new RangeError(`${name} start and end must differ`);
  return { start, end };
}

function minuteOfDay(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function inWindow(minute: number, window: MinuteWindow): boolean {
  return window.start < window.end
    ? minute >= window.start && minute < window.end
    : minute >= window.start || minute < window.end;
}

/** An intersection of windows begins where one of them begins, so checking the two openings suffices. */
function overlapsNotQuiet(quiet: MinuteWindow, contact: MinuteWindow): boolean {
  return inWindow(quiet.end, contact) || !inWindow(contact.start, quiet);
}

function localMinute(ms: number, zone: IANAZone): number {
  const wall = new Date(ms + zoneOffset(zone, ms) * MINUTE);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/**
 * Every instant, from the local day before `from` to the horizon, whose wall-clock time is one
 * of `minutes`: none for a time skipped by a spring-forward, two for one repeated by a fall-back.
 */
function wallClockInstants(from: number, zone: IANAZone, minutes: number[]): number[] {
  const local = new Date(from + zoneOffset(zone, from) * MINUTE);
  const instants: number[] = [];
  for (let day = -1; day <= HORIZON / DAY + 1; day++) {
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day);
    for (const minute of minutes) {
      const wall = midnight + minute * MINUTE;
      const offsets = new Set([zoneOffset(zone, wall - DAY / 2), zoneOffset(zone, wall), zoneOffset(zone, wall + DAY / 2)]);
      for (const offset of offsets) {
        const instant = wall - offset * MINUTE;
        if (zoneOffset(zone, instant) === offset) instants.push(instant);
      }
    }
  }
  return instants;
}

/** The instants within the horizon at which the zone's UTC offset changes (to the minute). */
function offsetChanges(from: number, zone: IANAZone): number[] {
  const changes: number[] = [];
  const step = 6 * HOUR;
  for (let lo = Math.floor(from / MINUTE) * MINUTE; lo < from + HORIZON; lo += step) {
    let low = lo;
    let high = lo + step;
    const before = zoneOffset(zone, low);
    if (zoneOffset(zone, high) === before) continue;
    while (high - low > MINUTE) {
      const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (zoneOffset(zone, mid) === before) low = mid;
      else high = mid;
    }
    changes.push(high);
  }
  return changes;
}
