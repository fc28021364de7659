import type { EngagementKind } from './engagement-events';

/**
 * The engagement score (docs/engagement.md): a time-decayed weighted sum of what the graduate did
 * in the 30 days up to a moment, normalised to 0–100.
 *
 *   raw   = Σ weight(kind) × 0.5 ^ (ageDays / HALF_LIFE_DAYS)   over events with 0 ≤ age < 30 days
 *   score = min(100, 100 × raw / FULL_SCORE_RAW), to one decimal
 *
 * Only touchpoints the graduate made count (an answer, an RSVP, a visit, a rating, a family
 * member taking part); messages we sent them do not, and neither does silence. FULL_SCORE_RAW is
 * about what a weekly check-in answered on time plus one meeting attended in the month earns.
 */
export const ENGAGEMENT_WEIGHTS: Readonly<Partial<Record<EngagementKind, number>>> = Object.freeze({
  'check_in.answered': 3,
  'meeting.rsvp': 1,
  'meeting.attended': 4,
  'meeting.rated': 1,
  'family_session.attended': 2,
  'family_session.feedback': 1,
  'link.opened': 0.5,
  // A text of their own that no feature was waiting for: they reached out.
  'message.received': 1,
  // A coordinator's call or visit that reached them: a conversation is engagement too.
  'outreach.reached': 2,
});

export const SCORE_WINDOW_DAYS = 30;
export const HALF_LIFE_DAYS = 14;
export const FULL_SCORE_RAW = 12;

/** The kinds that show the graduate (or their family) engaging: the ones with a weight. */
export const ACTIVE_KINDS = Object.keys(ENGAGEMENT_WEIGHTS) as EngagementKind[];

const DAY_MS = 86_400_000;

export interface ScoredEvent {
  kind: string;
  occurredAt: Date;
}

/** The score as of `asOf`; the reference the SQL rollup is tested against. */
export function engagementScore(events: readonly ScoredEvent[], asOf: Date): number {
  let raw = 0;
  for (const event of events) {
    const weight = ENGAGEMENT_WEIGHTS[event.kind as EngagementKind];
    const ageDays = (asOf.getTime() - event.occurredAt.getTime()) / DAY_MS;
    if (!weight || ageDays < 0 || ageDays >= SCORE_WINDOW_DAYS) continue;
    raw += weight * 0.5 ** (ageDays / HALF_LIFE_DAYS);
  }
  return roundScore(raw);
}

export function roundScore(raw: number): number {
  return Math.round(Math.min(100, (100 * raw) / FULL_SCORE_RAW) * 10) / 10;
}
