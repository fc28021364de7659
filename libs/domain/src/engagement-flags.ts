/**
 * The at-risk rules, in one place (docs/engagement.md). Each that holds gives a flag with its
 * reason; a flag raises one coordinator alert when it appears and is cleared when its rule stops
 * holding, so a graduate at risk for three weeks is one alert, not twenty-one.
 */
export const AT_RISK_RULES = ['missed_twice', 'score_drop', 'no_touch_21d', 'recent_escalation'] as const;
export type AtRiskRule = (typeof AT_RISK_RULES)[number];

/** A score falling by more than this share of its highest in the last 14 days is a drop... */
export const SCORE_DROP_SHARE = 0.5;
/** ...when that highest was at least this (a fall from 8 to 3 is noise, not a signal). */
export const SCORE_DROP_MIN_PEAK = 20;
export const NO_TOUCH_DAYS = 21;
export const ESCALATION_DAYS = 7;

export interface AtRiskFacts {
  /** The last two check-ins that came due (answered or missed), newest first. */
  lastTwoCheckIns: readonly ('answered' | 'missed')[];
  score: number | null;
  /** The highest daily score in the 14 days before today. */
  peakScore14d: number | null;
  /** The graduate's last touchpoint of their own (an ACTIVE_KINDS event). */
  lastTouchAt: Date | null;
  /** From when silence counts: discharge (or enrolment in Continuum) — nobody is "silent" on day one. */
  followedSince: Date | null;
  lastEscalationAt: Date | null;
}

export interface AtRiskFlag {
  rule: AtRiskRule;
  reason: string;
}

const DAY_MS = 86_400_000;

export function atRiskFlags(facts: AtRiskFacts, asOf: Date): AtRiskFlag[] {
  const flags: AtRiskFlag[] = [];
  if (facts.lastTwoCheckIns.length === 2 && facts.lastTwoCheckIns.every((s) => s === 'missed')) {
    flags.push({ rule: 'missed_twice', reason: 'the last two check-ins were missed' });
  }
  if (facts.score !== null && facts.peakScore14d !== null && facts.peakScore14d >= SCORE_DROP_MIN_PEAK && facts.score < facts.peakScore14d * (1 - SCORE_DROP_SHARE)) {
    flags.push({ rule: 'score_drop', reason: `engagement score fell from ${facts.peakScore14d} to ${facts.score} within 14 days` });
  }
  const since = facts.lastTouchAt ?? facts.followedSince;
  if (since && facts.followedSince && asOf.getTime() - since.getTime() >= NO_TOUCH_DAYS * DAY_MS) {
    const days = Math.floor((asOf.getTime() - since.getTime()) / DAY_MS);
    flags.push({ rule: 'no_touch_21d', reason: facts.lastTouchAt ? `no touchpoint for ${days} days` : `no touchpoint in the ${days} days since follow-up began` });
  }
  if (facts.lastEscalationAt && asOf.getTime() - facts.lastEscalationAt.getTime() < ESCALATION_DAYS * DAY_MS) {
    flags.push({ rule: 'recent_escalation', reason: 'an escalation in the last 7 days' });
  }
  return flags;
}
