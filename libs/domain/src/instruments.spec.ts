import { BAM, bamDaysCode } from './bam-items';
import { DomainError } from './domain-error';
import { GAD7, PHQ9, type InstrumentDefinition } from './instrument-items';
import { INSTRUMENTS, instrumentProblems, scoreInstrument, type InstrumentKey } from './instruments';

/** Answers summing to `total`, filled from the first item on (each item up to its highest answer). */
function answersFor(definition: InstrumentDefinition, total: number, overrides: Record<string, number> = {}): Record<string, number> {
  let left = total;
  const answers: Record<string, number> = {};
  for (const item of definition.items.filter((i) => !i.optional)) {
    const top = Math.max(...item.options.map((o) => o.value));
    answers[item.id] = Math.min(top, left);
    left -= answers[item.id];
  }
  return { ...answers, ...overrides };
}

const BAM_ALL = (value: number): Record<string, number> =>
  Object.fromEntries(BAM.items.filter((i) => !i.optional).map((i) => [i.id, i.id === 'q14' ? (value > 0 ? 4 : 0) : value]));

describe('instrument definitions', () => {
  it('has 9, 7 and 17 items (BAM item 7 as 7a–7g), each with English and Spanish text', () => {
    expect(PHQ9.items.map((i) => i.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']);
    expect(GAD7.items).toHaveLength(7);
    expect(new Set(BAM.items.map((i) => Number(/^q(\d+)/.exec(i.id)?.[1])))).toEqual(new Set(Array.from({ length: 17 }, (_, i) => i + 1)));
    expect(BAM.items.filter((i) => !i.optional)).toHaveLength(16);
    expect(BAM.items.filter((i) => i.optional).map((i) => i.id)).toEqual(['q7a', 'q7b', 'q7c', 'q7d', 'q7e', 'q7f', 'q7g']);
    for (const definition of Object.values(INSTRUMENTS)) {
      for (const item of definition.items) {
        expect(item.text.en.length).toBeGreaterThan(3);
        expect(item.text.es.length).toBeGreaterThan(3);
        for (const option of item.options) expect(option.label.es).not.toBe('');
      }
    }
  });

  it('asks PHQ-9 item 9 about self-harm, in both languages', () => {
    expect(PHQ9.items[8].text.en).toMatch(/better off dead or of hurting yourself/);
    expect(PHQ9.items[8].text.es).toMatch(/muerto/);
  });
});

describe('instrumentProblems', () => {
  it('finds nothing wrong with complete answers', () => {
    expect(instrumentProblems('phq9', answersFor(PHQ9, 12))).toEqual([]);
    expect(instrumentProblems('gad7', answersFor(GAD7, 0))).toEqual([]);
    expect(instrumentProblems('bam', BAM_ALL(2))).toEqual([]);
  });

  it('names missing, out-of-range and unknown items', () => {
    const { q3: _dropped, ...rest } = answersFor(PHQ9, 5);
    expect(instrumentProblems('phq9', { ...rest, q1: 4, q2: -1, q10: 1 })).toEqual([
      { field: 'responses.q1', reason: 'must be one of 0, 1, 2, 3' },
      { field: 'responses.q2', reason: 'must be one of 0, 1, 2, 3' },
      { field: 'responses.q3', reason: 'is required' },
      { field: 'responses.q10', reason: 'is not an item of the PHQ-9 (depression)' },
    ]);
  });

  it('refuses fractions and strings that look like numbers', () => {
    const fields = (responses: Record<string, unknown>) =>
      instrumentProblems('gad7', responses as Record<string, number>).map((p) => p.field);
    expect(fields(answersFor(GAD7, 3, { q1: 1.5 }))).toEqual(['responses.q1']);
    expect(fields({ ...answersFor(GAD7, 3), q2: '2' })).toEqual(['responses.q2']);
  });

  it('keeps each BAM item to its own answers: 0–4, and 0 or 4 for income', () => {
    expect(instrumentProblems('bam', { ...BAM_ALL(0), q14: 2 })).toEqual([{ field: 'responses.q14', reason: 'must be one of 0, 4' }]);
    expect(instrumentProblems('bam', { ...BAM_ALL(0), q1: 5 })).toEqual([{ field: 'responses.q1', reason: 'must be one of 0, 1, 2, 3, 4' }]);
  });

  it('lets BAM item 7 be left out, but checks it when given', () => {
    expect(instrumentProblems('bam', { ...BAM_ALL(1), q7a: 1, q7e: 4 })).toEqual([]);
    expect(instrumentProblems('bam', { ...BAM_ALL(1), q7a: 9 })).toEqual([{ field: 'responses.q7a', reason: 'must be one of 0, 1, 2, 3, 4' }]);
  });

  it('refuses more heavy-drinking days (item 5) than drinking days (item 4)', () => {
    expect(instrumentProblems('bam', { ...BAM_ALL(0), q4: 1, q5: 2 }).map((p) => p.field)).toEqual(['responses.q5']);
    expect(instrumentProblems('bam', { ...BAM_ALL(0), q4: 2, q5: 2 })).toEqual([]);
  });

  it('refuses an unknown instrument or responses that are not a map', () => {
    expect(instrumentProblems('audit' as InstrumentKey, {})).toEqual([{ field: 'key', reason: 'must be one of phq9, gad7, bam' }]);
    expect(instrumentProblems('phq9', [] as unknown as Record<string, number>)).toEqual([
      { field: 'responses', reason: 'must map each item to its answer' },
    ]);
  });
});

describe('scoreInstrument', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('bands a PHQ-9 total of %i as %s', (total, band) => {
    expect(scoreInstrument('phq9', answersFor(PHQ9, total))).toMatchObject({ key: 'phq9', total, band });
  });

  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('bands a GAD-7 total of %i as %s', (total, band) => {
    expect(scoreInstrument('gad7', answersFor(GAD7, total))).toEqual({ key: 'gad7', total, band, flags: [] });
  });

  it('flags PHQ-9 item 9 above 0 whatever the total', () => {
    expect(scoreInstrument('phq9', answersFor(PHQ9, 0, { q9: 1 }))).toEqual({ key: 'phq9', total: 1, band: 'minimal', flags: ['self_harm_item'] });
    expect(scoreInstrument('phq9', answersFor(PHQ9, 24)).flags).toEqual([]); // items 1–8 full, item 9 at 0
  });

  it('scores the BAM as Use (4, 5, 6), Risk (1, 2, 3, 8, 11, 15) and Protective (9, 10, 12, 13, 14, 16)', () => {
    const responses = {
      ...BAM_ALL(0),
      q1: 1, q2: 2, q3: 3, q8: 4, q11: 1, q15: 2, // risk 13
      q4: 2, q5: 1, q6: 3, // use 6
      q9: 4, q10: 3, q12: 2, q13: 1, q14: 4, q16: 4, // protective 18
      q17: 3,
      q7a: 4, q7c: 4, // item 7 counts nowhere
    };
    expect(scoreInstrument('bam', responses)).toEqual({
      key: 'bam',
      subscales: { use: 6, risk: 13, protective: 18 },
      progress: 3,
      band: null,
      flags: ['any_use', 'high_risk'],
    });
  });

  it('flags BAM cut-offs at their edges: any use, Risk 12, Protective 12', () => {
    const flags = (overrides: Record<string, number>) => scoreInstrument('bam', { ...BAM_ALL(0), q9: 4, q10: 4, q12: 4, q13: 1, ...overrides }).flags;
    expect(flags({})).toEqual([]); // protective 13, risk 0, use 0
    expect(flags({ q6: 1 })).toEqual(['any_use']);
    expect(flags({ q1: 4, q2: 4, q3: 3 })).toEqual([]); // risk 11
    expect(flags({ q1: 4, q2: 4, q3: 4 })).toEqual(['high_risk']);
    expect(flags({ q13: 0 })).toEqual(['low_protection']);
  });

  it('does not let item 17 or item 7 move any subscale', () => {
    const base = scoreInstrument('bam', BAM_ALL(1));
    const changed = scoreInstrument('bam', { ...BAM_ALL(1), q17: 4, q7b: 4 });
    expect(changed.subscales).toEqual(base.subscales);
    expect([base.progress, changed.progress]).toEqual([1, 4]);
  });

  it('refuses to score incomplete answers, with the problems as details', () => {
    const { q9: _dropped, ...missing } = answersFor(PHQ9, 3);
    let caught: unknown;
    try {
      scoreInstrument('phq9', missing);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('invalid');
    expect((caught as DomainError).details).toEqual([{ field: 'responses.q9', reason: 'is required' }]);
  });
});

describe('bamDaysCode', () => {
  it('bands days in the past 30 as 0, 1–3, 4–8, 9–15, 16–30', () => {
    expect([0, 1, 3, 4, 8, 9, 15, 16, 30].map(bamDaysCode)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('refuses what is not a day count in a month', () => {
    for (const days of [-1, 31, 2.5, Number.NaN]) expect(() => bamDaysCode(days)).toThrow(RangeError);
  });
});
