import { DEFAULT_CRISIS_WORDS, findCrisisWords } from './crisis-words';

export type Mood = 1 | 2 | 3 | 4 | 5;

/** A check-in reply by SMS, read as a 1–5 mood when it plainly is one, otherwise kept as words. */
export type SmsAnswer = { kind: 'mood'; mood: Mood } | { kind: 'word'; text: string };

/**
 * One-word replies whose mood is plain in English or Spanish. Only whole replies count: "not
 * bad" and "great, but I used" stay words for a person to read. "fine" is left out on purpose:
 * it is as often a brush-off as a good day. "fatal" is Spanish slang for "awful".
 */
const MOOD_WORDS: ReadonlyMap<string, Mood> = new Map<string, Mood>([
  ['great', 5],
  ['excellent', 5],
  ['genial', 5],
  ['excelente', 5],
  ['good', 4],
  ['bien', 4],
  ['ok', 3],
  ['okay', 3],
  ['regular', 3],
  ['bad', 2],
  ['mal', 2],
  ['awful', 1],
  ['terrible', 1],
  ['fatal', 1],
]);

/**
 * Reads an SMS reply to "how are you, 1 to 5?". A digit 1–5 alone, or as "n/5", with any
 * surrounding spaces, punctuation or emoji ("4!", " 3 ", "5/5") is a mood; so is one of the
 * MOOD_WORDS on its own. Anything else ("10", "0", "3 or 4", "not bad") is kept as text, so
 * nothing a graduate wrote is silently turned into a number they did not give.
 */
export function parseSmsAnswer(body: string): SmsAnswer {
  const text = body.normalize('NFC').trim();
  const bare = body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}\p{S}\p{Cf}]+|[\s\p{P}\p{S}\p{Cf}]+$/gu, '')
    .toLowerCase();
  const digit = /^([1-5])(?:\s*\/\s*5)?$/.exec(bare);
  if (digit) return { kind: 'mood', mood: Number(digit[1]) as Mood };
  const mood = MOOD_WORDS.get(bare);
  return mood ? { kind: 'mood', mood } : { kind: 'word', text };
}

/** Why a check-in answer must reach a coordinator, most urgent first. */
export const EscalationReason = {
  SelfHarmItem: 'self_harm_item',
  CrisisWords: 'crisis_words',
  ReportedUse: 'reported_use',
  HighCraving: 'high_craving',
  LowMood: 'low_mood',
  AskedForCall: 'asked_for_call',
} as const;
export type EscalationReason = (typeof EscalationReason)[keyof typeof EscalationReason];
export const ESCALATION_REASONS = Object.values(EscalationReason);

/** What a check-in answer may carry; every part is optional because SMS answers carry little. */
export interface CheckInAnswerFacts {
  /** 1 (worst) to 5 (best). */
  mood?: number | null;
  /** 0 (none) to 10 (strongest). */
  craving?: number | null;
  usedSinceLast?: boolean | null;
  wantsCall?: boolean | null;
  text?: string | null;
  /** PHQ-9 item 9 (thoughts of being better off dead or of self-harm), 0–3. */
  phq9Item9?: number | null;
}

/** Craving at or above this (0–10) escalates. */
export const HIGH_CRAVING = 8;

/**
 * Every reason this answer must go to a coordinator, most urgent first; empty when none.
 * Weekly check-ins predict a lapse in the following week, so reported use, strong craving and
 * the lowest mood are escalated as they come in, not left for a weekly review.
 */
export function escalationReasons(
  answer: CheckInAnswerFacts,
  crisisWords: readonly string[] = DEFAULT_CRISIS_WORDS,
): EscalationReason[] {
  const reasons: EscalationReason[] = [];
  if (isNumber(answer.phq9Item9) && answer.phq9Item9 > 0) reasons.push(EscalationReason.SelfHarmItem);
  if (answer.text && findCrisisWords(answer.text, crisisWords).length > 0) reasons.push(EscalationReason.CrisisWords);
  if (answer.usedSinceLast === true) reasons.push(EscalationReason.ReportedUse);
  if (isNumber(answer.craving) && answer.craving >= HIGH_CRAVING) reasons.push(EscalationReason.HighCraving);
  if (answer.mood === 1) reasons.push(EscalationReason.LowMood);
  if (answer.wantsCall === true) reasons.push(EscalationReason.AskedForCall);
  return reasons;
}

/** Reasons that call for the 988 reply and an immediate human, not just a coordinator's queue. */
export function isCrisis(reasons: readonly EscalationReason[]): boolean {
  return reasons.includes(EscalationReason.CrisisWords) || reasons.includes(EscalationReason.SelfHarmItem);
}

/**
 * Whether an answer counts as "need" for the adaptive plan (next check-in closer, linkage to
 * care). Wider than escalation: a mood of 2 or a craving of 6 does not page anyone, but it is
 * not a week to stretch the interval either.
 */
export function showsNeed(answer: CheckInAnswerFacts, crisisWords: readonly string[] = DEFAULT_CRISIS_WORDS): boolean {
  if (escalationReasons(answer, crisisWords).length > 0) return true;
  return (isNumber(answer.mood) && answer.mood <= 2) || (isNumber(answer.craving) && answer.craving >= 6);
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
