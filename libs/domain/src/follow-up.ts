import { DateTime } from 'luxon';

/**
 * The outcome follow-up grant-funded programs report (SAMHSA GPRA: an interview 5 to 8 months after
 * intake, reaching at least 80% of clients). Intake is the admission date, else the discharge date.
 */
export const FOLLOW_UP_OPENS_MONTHS = 5;
export const FOLLOW_UP_CLOSES_MONTHS = 8;
export const FOLLOW_UP_TARGET = 0.8;

export type FollowUpStatus = 'not_due' | 'open' | 'reached' | 'missed';

export interface FollowUpWindow {
  /** First day in the window. */
  opens: string;
  /** Last day in the window. */
  closes: string;
}

export function followUpWindow(intake: string): FollowUpWindow {
  const start = DateTime.fromISO(intake, { zone: 'UTC' });
  return {
    opens: start.plus({ months: FOLLOW_UP_OPENS_MONTHS }).toISODate() as string,
    closes: start.plus({ months: FOLLOW_UP_CLOSES_MONTHS }).minus({ days: 1 }).toISODate() as string,
  };
}

/** Reached once a touchpoint of the graduate's own fell in the window; missed once it closed without one. */
export function followUpStatus(window: FollowUpWindow, reachedAt: Date | null, today: string): FollowUpStatus {
  if (reachedAt) return 'reached';
  if (today < window.opens) return 'not_due';
  return today > window.closes ? 'missed' : 'open';
}

/** The share reached of the windows that have closed or been met: what the 80% target is measured on. */
export function followUpRate(counts: Record<FollowUpStatus, number>): number | null {
  const settled = counts.reached + counts.missed;
  return settled === 0 ? null : Math.round((counts.reached / settled) * 10_000) / 10_000;
}
