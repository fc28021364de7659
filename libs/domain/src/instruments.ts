import { BAM, BAM_SUBSCALES } from './bam-items';
import { DomainError, DomainErrorCode, type ErrorDetail } from './domain-error';
import { GAD7, PHQ9, type InstrumentDefinition } from './instrument-items';

export const InstrumentKey = { Phq9: 'phq9', Gad7: 'gad7', Bam: 'bam' } as const;
export type InstrumentKey = (typeof InstrumentKey)[keyof typeof InstrumentKey];

export const INSTRUMENTS: Readonly<Record<InstrumentKey, InstrumentDefinition>> = Object.freeze({ phq9: PHQ9, gad7: GAD7, bam: BAM });

/** What in a scored instrument needs a person to look, beyond its band. */
export const InstrumentFlag = {
  /** PHQ-9 item 9 above 0: any thought of being better off dead or of self-harm. */
  SelfHarmItem: 'self_harm_item',
  /** BAM Use ≥ 1: any drinking or drug use in the period. */
  AnyUse: 'any_use',
  /** BAM Risk ≥ 12. */
  HighRisk: 'high_risk',
  /** BAM Protective ≤ 12. */
  LowProtection: 'low_protection',
} as const;
export type InstrumentFlag = (typeof InstrumentFlag)[keyof typeof InstrumentFlag];

interface Band<B extends string> {
  band: B;
  min: number;
  max: number;
}

/** Kroenke et al. 2001: 5, 10, 15 and 20 mark mild, moderate, moderately severe and severe depression. */
export const PHQ9_BANDS = Object.freeze([
  { band: 'minimal', min: 0, max: 4 },
  { band: 'mild', min: 5, max: 9 },
  { band: 'moderate', min: 10, max: 14 },
  { band: 'moderately_severe', min: 15, max: 19 },
  { band: 'severe', min: 20, max: 27 },
] as const satisfies readonly Band<string>[]);
export type Phq9Band = (typeof PHQ9_BANDS)[number]['band'];

/** Spitzer et al. 2006: 5, 10 and 15 mark mild, moderate and severe anxiety. */
export const GAD7_BANDS = Object.freeze([
  { band: 'minimal', min: 0, max: 4 },
  { band: 'mild', min: 5, max: 9 },
  { band: 'moderate', min: 10, max: 14 },
  { band: 'severe', min: 15, max: 21 },
] as const satisfies readonly Band<string>[]);
export type Gad7Band = (typeof GAD7_BANDS)[number]['band'];

/** Cut-offs of the VA BAM manual's clinical guidelines: any use, Risk ≥ 12, Protective ≤ 12. */
export const BAM_CUTOFFS = Object.freeze({ anyUse: 1, highRisk: 12, lowProtection: 12 });

export type InstrumentScore =
  | { key: 'phq9'; total: number; band: Phq9Band; flags: InstrumentFlag[] }
  | { key: 'gad7'; total: number; band: Gad7Band; flags: InstrumentFlag[] }
  | {
      key: 'bam';
      /** Use 0–12 (items 4–6), Risk 0–24 (1, 2, 3, 8, 11, 15), Protective 0–24 (9, 10, 12, 13, 14, 16). */
      subscales: { use: number; risk: number; protective: number };
      /** Item 17, satisfaction with recovery progress (0–4), reported on its own. */
      progress: number;
      /** The BAM has no validated total or severity band; read the subscales and the items. */
      band: null;
      flags: InstrumentFlag[];
    };

export type InstrumentResponses = Readonly<Record<string, number>>;

/**
 * Everything wrong with a set of answers, each named `responses.<item>`: a required item missing,
 * a value that is not one of the item's answers, an item the instrument does not have. A
 * partly answered instrument has no score, so missing items are problems, not zeros.
 */
export function instrumentProblems(key: InstrumentKey, responses: InstrumentResponses): ErrorDetail[] {
  const definition = definitionOf(key);
  if (!definition) return [{ field: 'key', reason: `must be one of ${Object.keys(INSTRUMENTS).join(', ')}` }];
  if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
    return [{ field: 'responses', reason: 'must map each item to its answer' }];
  }
  const problems: ErrorDetail[] = [];
  for (const item of definition.items) {
    const value: unknown = responses[item.id];
    const field = `responses.${item.id}`;
    const allowed = item.options.map((option) => option.value);
    if (value === undefined || value === null) {
      if (!item.optional) problems.push({ field, reason: 'is required' });
    } else if (typeof value !== 'number' || !allowed.includes(value)) {
      problems.push({ field, reason: `must be one of ${allowed.join(', ')}` });
    }
  }
  const known = new Set(definition.items.map((item) => item.id));
  for (const id of Object.keys(responses)) {
    if (!known.has(id)) problems.push({ field: `responses.${id}`, reason: `is not an item of the ${definition.name}` });
  }
  // Heavy-drinking days are drinking days too; a higher band for item 5 is a recording error.
  if (key === 'bam' && isCode(responses['q4']) && isCode(responses['q5']) && responses['q5'] > responses['q4']) {
    problems.push({ field: 'responses.q5', reason: 'cannot be more than item 4: every heavy-drinking day is a drinking day' });
  }
  return problems;
}

/**
 * Scores a complete, valid set of answers: PHQ-9 and GAD-7 as a total and its severity band,
 * the BAM as its three subscales. Throws DomainError (invalid, with the instrumentProblems as
 * details) for answers that cannot be scored.
 */
export function scoreInstrument(key: 'phq9', responses: InstrumentResponses): Extract<InstrumentScore, { key: 'phq9' }>;
export function scoreInstrument(key: 'gad7', responses: InstrumentResponses): Extract<InstrumentScore, { key: 'gad7' }>;
export function scoreInstrument(key: 'bam', responses: InstrumentResponses): Extract<InstrumentScore, { key: 'bam' }>;
export function scoreInstrument(key: InstrumentKey, responses: InstrumentResponses): InstrumentScore;
export function scoreInstrument(key: InstrumentKey, responses: InstrumentResponses): InstrumentScore {
  const problems = instrumentProblems(key, responses);
  if (problems.length) {
    const name = definitionOf(key)?.name ?? key;
    throw new DomainError(DomainErrorCode.Invalid, `The answers cannot be scored as the ${name}`, problems);
  }
  const sum = (ids: readonly string[]): number => ids.reduce((total, id) => total + responses[id], 0);
  switch (key) {
    case 'phq9': {
      const total = sum(PHQ9.items.map((item) => item.id));
      const flags: InstrumentFlag[] = responses['q9'] > 0 ? [InstrumentFlag.SelfHarmItem] : [];
      return { key, total, band: bandOf(PHQ9_BANDS, total), flags };
    }
    case 'gad7': {
      const total = sum(GAD7.items.map((item) => item.id));
      return { key, total, band: bandOf(GAD7_BANDS, total), flags: [] };
    }
    case 'bam': {
      const subscales = { use: sum(BAM_SUBSCALES.use), risk: sum(BAM_SUBSCALES.risk), protective: sum(BAM_SUBSCALES.protective) };
      const flags: InstrumentFlag[] = [];
      if (subscales.use >= BAM_CUTOFFS.anyUse) flags.push(InstrumentFlag.AnyUse);
      if (subscales.risk >= BAM_CUTOFFS.highRisk) flags.push(InstrumentFlag.HighRisk);
      if (subscales.protective <= BAM_CUTOFFS.lowProtection) flags.push(InstrumentFlag.LowProtection);
      return { key, subscales, progress: responses['q17'], band: null, flags };
    }
  }
}

function definitionOf(key: string): InstrumentDefinition | undefined {
  return Object.hasOwn(INSTRUMENTS, key) ? INSTRUMENTS[key as InstrumentKey] : undefined;
}

function isCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function bandOf<B extends string>(bands: readonly Band<B>[], total: number): B {
  const found = bands.find((band) => total >= band.min && total <= band.max);
  // Unreachable for a valid total: the bands cover every possible sum.
  if (!found) throw new RangeError(`No band for a total of ${total}`);
  return found.band;
}
