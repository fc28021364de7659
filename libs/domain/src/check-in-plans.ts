import { InstrumentKey } from './instruments';
import { isClockTime } from './contact-rules';
import type { ErrorDetail } from './domain-error';
import { alwaysLonger, formatDays, formatSeconds, MS, parseIsoDuration, type IsoDuration } from './iso-duration';

/**
 * How an adaptive (Recovery Management Checkup style) plan moves its next check-in: closer after
 * one that showed need, further out after one that did not, always within the two bounds.
 */
export interface AdaptiveRule {
  /** Multiplies the interval after a check-in that showed need; between 0 and 1. */
  closerFactor: number;
  /** Multiplies the interval after a check-in that showed no need; above 1. */
  stretchFactor: number;
  minInterval: string;
  maxInterval: string;
}

/**
 * A check-in cadence, as stored for an organisation or program (`check_in_plan.definition`).
 * All durations are ISO-8601 (`P1D`, `P2W`, `PT5M`).
 */
export interface CheckInPlanDefinition {
  /**
   * When each check-in is due. Day-based offsets (`P1D`, `P2W`, `P1M`) count calendar days from
   * the discharge date and land at `localTime`; offsets shorter than a day (`PT5M`, for demos)
   * count from enrolment. One plan uses one kind or the other.
   */
  offsets: string[];
  /** Preferred local time of day, `HH:MM`, in the graduate's zone; ignored by sub-day offsets. */
  localTime: string;
  /** After this long without an answer, one reminder; null for none. */
  nudgeAfter: string | null;
  /** After this long without an answer, the check-in counts as missed. */
  missedAfter: string;
  /** A missed check-in is itself a reason to reach out (Lucht et al. 2021: no reply → therapist call). */
  silenceMeansContact: boolean;
  adaptive: AdaptiveRule | null;
  /**
   * Check-ins that ask a scored instrument through the form instead of the quick questions,
   * keyed by the offset's index: `{ "3": "phq9", "6": "bam" }`. Absent or empty: none.
   */
  instruments?: Record<string, InstrumentKey>;
  /**
   * The channel the plan prefers (`sms`, `email`); absent or null: each graduate's own preference.
   * A graduate who cannot be reached on it gets the other.
   */
  channel?: 'sms' | 'email' | null;
}

/** Enough for a year of daily check-ins, small enough that a typo cannot create thousands of jobs. */
export const MAX_PLAN_OFFSETS = 200;

/** Everything wrong with a plan, each problem named by field (`offsets.3`, `adaptive.minInterval`). */
export function planProblems(plan: CheckInPlanDefinition): ErrorDetail[] {
  const problems: ErrorDetail[] = [...offsetProblems(plan.offsets)];
  if (typeof plan.localTime !== 'string' || !isClockTime(plan.localTime)) {
    problems.push({ field: 'localTime', reason: 'must be HH:MM on a 24-hour clock' });
  }
  const missed = positiveDuration(plan.missedAfter, 'missedAfter', problems);
  if (plan.nudgeAfter !== null) {
    const nudge = positiveDuration(plan.nudgeAfter, 'nudgeAfter', problems);
    if (missed && nudge && !alwaysLonger(missed, nudge)) {
      problems.push({ field: 'missedAfter', reason: 'must be longer than nudgeAfter, or the nudge would follow a missed check-in' });
    }
  }
  if (typeof plan.silenceMeansContact !== 'boolean') {
    problems.push({ field: 'silenceMeansContact', reason: 'must be true or false' });
  }
  if (plan.adaptive !== null) problems.push(...adaptiveProblems(plan.adaptive));
  if (plan.channel !== undefined && plan.channel !== null && plan.channel !== 'sms' && plan.channel !== 'email') {
    problems.push({ field: 'channel', reason: 'must be sms, email or null' });
  }
  problems.push(...instrumentStepProblems(plan.instruments, Array.isArray(plan.offsets) ? plan.offsets.length : 0));
  return problems;
}

function instrumentStepProblems(instruments: unknown, offsetCount: number): ErrorDetail[] {
  if (instruments === undefined || instruments === null) return [];
  if (typeof instruments !== 'object' || Array.isArray(instruments)) {
    return [{ field: 'instruments', reason: 'must map offset indexes to instruments, e.g. {"3": "phq9"}' }];
  }
  const known = Object.values(InstrumentKey) as string[];
  const problems: ErrorDetail[] = [];
  for (const [index, key] of Object.entries(instruments)) {
    const field = `instruments.${index}`;
    if (!/^(0|[1-9]\d*)$/.test(index) || Number(index) >= offsetCount) {
      problems.push({ field, reason: `must be the index of an offset, 0 to ${offsetCount - 1}` });
    } else if (!known.includes(key as string)) {
      problems.push({ field, reason: `must be one of ${known.join(', ')}` });
    }
  }
  return problems;
}

function offsetProblems(offsets: unknown): ErrorDetail[] {
  if (!Array.isArray(offsets)) return [{ field: 'offsets', reason: 'must be a list of ISO-8601 durations' }];
  if (offsets.length === 0) return [{ field: 'offsets', reason: 'must list at least one check-in' }];
  const problems: ErrorDetail[] = [];
  if (offsets.length > MAX_PLAN_OFFSETS) {
    problems.push({ field: 'offsets', reason: `must list at most ${MAX_PLAN_OFFSETS} check-ins` });
  }
  let kind: IsoDuration['kind'] | undefined;
  let previous: { index: number; value: IsoDuration } | undefined;
  for (const [index, offset] of (offsets as unknown[]).entries()) {
    const field = `offsets.${index}`;
    const parsed = parseIsoDuration(offset);
    if (!parsed.ok) {
      problems.push({ field, reason: parsed.reason });
      continue;
    }
    const value = parsed.value;
    const shape = offsetShapeProblem(value);
    if (shape) {
      problems.push({ field, reason: shape });
      continue;
    }
    kind ??= value.kind;
    if (value.kind !== kind) {
      problems.push({
        field,
        reason: 'cannot mix offsets shorter than a day (counted from enrolment) with day-based ones (counted from discharge)',
      });
      continue;
    }
    if (previous && !alwaysLonger(value, previous.value)) {
      problems.push({ field, reason: `must be later than offsets.${previous.index} (${previous.value.iso}) on every calendar` });
    }
    previous = { index, value };
  }
  return problems;
}

/** Offsets get a local time of day only when they are whole days, so each kind must stay pure. */
function offsetShapeProblem(value: IsoDuration): string | null {
  if (value.kind === 'mixed') {
    return 'must be days, weeks, months or years (P1D; the time of day comes from localTime) or, below a day, only hours, minutes and seconds (PT5M)';
  }
  if (value.kind === 'calendar' && !value.whole) return 'must be a whole number of days, weeks, months or years';
  if (value.kind === 'clock' && value.maxMs >= MS.DAY) return 'of a day or more must be written in days (P1D), so that it lands at localTime';
  return null;
}

function positiveDuration(input: unknown, field: string, problems: ErrorDetail[]): IsoDuration | null {
  const parsed = parseIsoDuration(input);
  if (!parsed.ok) {
    problems.push({ field, reason: parsed.reason });
    return null;
  }
  if (parsed.value.minMs <= 0) {
    problems.push({ field, reason: 'must be longer than zero' });
    return null;
  }
  return parsed.value;
}

function adaptiveProblems(adaptive: AdaptiveRule): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { closerFactor, stretchFactor } = adaptive;
  if (typeof closerFactor !== 'number' || !(closerFactor > 0 && closerFactor < 1)) {
    problems.push({ field: 'adaptive.closerFactor', reason: 'must be above 0 and below 1' });
  }
  if (typeof stretchFactor !== 'number' || !(stretchFactor > 1 && Number.isFinite(stretchFactor))) {
    problems.push({ field: 'adaptive.stretchFactor', reason: 'must be above 1' });
  }
  const min = positiveDuration(adaptive.minInterval, 'adaptive.minInterval', problems);
  const max = positiveDuration(adaptive.maxInterval, 'adaptive.maxInterval', problems);
  if (min && max && !alwaysLonger(max, min)) {
    problems.push({ field: 'adaptive.maxInterval', reason: 'must be longer than minInterval' });
  }
  return problems;
}

/**
 * The interval to the next check-in of an adaptive plan, after one that did (`showedNeed`) or did
 * not show need. Need brings the next check-in closer (RMC: linkage back to care, and a sooner
 * look); no need stretches it a step at a time, so a graduate doing well is asked less and less
 * often without jumping straight to the longest gap. The result never leaves
 * [minInterval, maxInterval], and a stretch always moves by at least one unit until the maximum.
 *
 * Day-based intervals stay whole days (`P11D`), rounded down, because sooner is the safe side;
 * months count as 30 days and years as 365. Sub-day intervals (demos) stay whole seconds (`PT1M30S`).
 * Throws RangeError on an interval or rule that planProblems would refuse.
 */
export function nextAdaptiveInterval(previousInterval: string, showedNeed: boolean, adaptive: AdaptiveRule): string {
  const problems = adaptiveProblems(adaptive);
  if (problems.length) throw new RangeError(problems.map((p) => `${p.field} ${p.reason}`).join('; '));
  const previous = parseIsoDuration(previousInterval);
  if (!previous.ok) throw new RangeError(`previousInterval ${previous.reason}`);

  const inDays = previous.value.kind === 'calendar';
  const unitMs = inDays ? MS.DAY : 1000;
  const size = (iso: string): number => {
    const parsed = parseIsoDuration(iso);
    return parsed.ok ? parsed.value.duration.as('milliseconds') / unitMs : 0;
  };
  const current = Math.floor(size(previousInterval));
  const lowest = Math.ceil(size(adaptive.minInterval));
  const highest = Math.max(lowest, Math.floor(size(adaptive.maxInterval)));

  const next = showedNeed
    ? Math.floor(current * adaptive.closerFactor)
    : Math.max(Math.floor(current * adaptive.stretchFactor), current + 1);
  const clamped = Math.min(Math.max(next, lowest), highest);
  return inDays ? formatDays(clamped) : formatSeconds(clamped);
}
