import { MAX_PLAN_OFFSETS, nextAdaptiveInterval, planProblems, type AdaptiveRule, type CheckInPlanDefinition } from './check-in-plans';

const plan = (changes: Partial<CheckInPlanDefinition> = {}): CheckInPlanDefinition => ({
  offsets: ['P1D', 'P3D', 'P7D'],
  localTime: '10:00',
  nudgeAfter: 'PT6H',
  missedAfter: 'P1D',
  silenceMeansContact: false,
  adaptive: null,
  ...changes,
});
const fields = (changes: Partial<CheckInPlanDefinition>) => planProblems(plan(changes)).map((p) => p.field);
const RMC: AdaptiveRule = { closerFactor: 0.5, stretchFactor: 1.5, minInterval: 'P2D', maxInterval: 'P90D' };

describe('planProblems', () => {
  it('accepts a plain day plan and a minute plan', () => {
    expect(planProblems(plan())).toEqual([]);
    expect(planProblems(plan({ offsets: ['PT1M', 'PT3M', 'PT5M'], nudgeAfter: 'PT1M', missedAfter: 'PT2M' }))).toEqual([]);
  });

  it.each(['-P1D', 'P-1D', 'PT-5M', 'P', 'PT', 'P1DT', '1D', 'p1d', 'P1D ', 'one day', ''])('refuses the offset %j', (offset) => {
    expect(planProblems(plan({ offsets: ['P1D', offset] }))).toEqual([{ field: 'offsets.1', reason: expect.stringMatching(/ISO-8601/) }]);
  });

  it('refuses an offset that is not a string (plans arrive as JSON)', () => {
    expect(fields({ offsets: ['P1D', 7 as unknown as string] })).toEqual(['offsets.1']);
  });

  it('names the first offset that does not come strictly after the one before it', () => {
    expect(planProblems(plan({ offsets: ['P1D', 'P3D', 'P3D', 'P2D'] }))).toEqual([
      { field: 'offsets.2', reason: 'must be later than offsets.1 (P3D) on every calendar' },
      { field: 'offsets.3', reason: 'must be later than offsets.2 (P3D) on every calendar' },
    ]);
  });

  it('compares months by their shortest and longest, so the order holds in February too', () => {
    expect(fields({ offsets: ['P30D', 'P1M'] })).toEqual(['offsets.1']); // P1M is 28 days from 1 February
    expect(fields({ offsets: ['P4W', 'P1M'] })).toEqual(['offsets.1']);
    expect(fields({ offsets: ['P1M', 'P31D'] })).toEqual(['offsets.1']);
    expect(fields({ offsets: ['P1M', 'P32D', 'P2M', 'P1Y'] })).toEqual([]);
    expect(fields({ offsets: ['P11M', 'P1Y', 'P1Y1D'] })).toEqual([]);
  });

  it('allows a zero offset first (discharge day itself) but not twice', () => {
    expect(fields({ offsets: ['P0D', 'P1D'] })).toEqual([]);
    expect(fields({ offsets: ['P0D', 'P0D'] })).toEqual(['offsets.1']);
  });

  it('keeps day offsets whole and sub-day offsets below a day, so the local time rule is unambiguous', () => {
    expect(fields({ offsets: ['P1DT2H'] })).toEqual(['offsets.0']);
    expect(fields({ offsets: ['P1.5D'] })).toEqual(['offsets.0']);
    expect(planProblems(plan({ offsets: ['PT24H'] }))[0]).toEqual({ field: 'offsets.0', reason: expect.stringMatching(/written in days/) });
    expect(fields({ offsets: ['PT23H59M', 'PT1.5M'] })).toEqual(['offsets.1']); // fine alone, but not after 23:59
    expect(fields({ offsets: ['PT30S', 'PT1.5M'] })).toEqual([]);
  });

  it('refuses a plan mixing sub-day (from enrolment) and day (from discharge) offsets', () => {
    expect(planProblems(plan({ offsets: ['PT5M', 'P1D'] }))).toEqual([{ field: 'offsets.1', reason: expect.stringMatching(/cannot mix/) }]);
  });

  it(`needs between 1 and ${MAX_PLAN_OFFSETS} offsets`, () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1}D`);
    expect(fields({ offsets: [] })).toEqual(['offsets']);
    expect(fields({ offsets: days(MAX_PLAN_OFFSETS) })).toEqual([]);
    expect(planProblems(plan({ offsets: days(MAX_PLAN_OFFSETS + 1) }))).toEqual([{ field: 'offsets', reason: 'must list at most 200 check-ins' }]);
    expect(fields({ offsets: 'P1D' as unknown as string[] })).toEqual(['offsets']);
  });

  it('wants localTime as HH:MM on a 24-hour clock', () => {
    for (const localTime of ['9:00', '24:00', '10:60', '10.00', '']) expect(fields({ localTime })).toEqual(['localTime']);
    for (const localTime of ['00:00', '09:05', '23:59']) expect(fields({ localTime })).toEqual([]);
  });

  it('wants missedAfter positive and longer than nudgeAfter', () => {
    expect(fields({ missedAfter: 'PT0S', nudgeAfter: null })).toEqual(['missedAfter']);
    expect(fields({ missedAfter: '-P1D' })).toEqual(['missedAfter']);
    expect(planProblems(plan({ missedAfter: 'PT6H', nudgeAfter: 'PT6H' }))).toEqual([
      { field: 'missedAfter', reason: expect.stringMatching(/longer than nudgeAfter/) },
    ]);
    expect(fields({ missedAfter: 'P1D', nudgeAfter: 'PT25H' })).toEqual(['missedAfter']);
    expect(fields({ missedAfter: 'P1D', nudgeAfter: null })).toEqual([]);
    expect(fields({ nudgeAfter: 'P0D' })).toEqual(['nudgeAfter']);
  });

  it('checks silenceMeansContact is a boolean', () => {
    expect(fields({ silenceMeansContact: 'yes' as unknown as boolean })).toEqual(['silenceMeansContact']);
  });

  it('checks the adaptive rule', () => {
    expect(fields({ adaptive: RMC })).toEqual([]);
    expect(fields({ adaptive: { ...RMC, closerFactor: 1 } })).toEqual(['adaptive.closerFactor']);
    expect(fields({ adaptive: { ...RMC, closerFactor: 0 } })).toEqual(['adaptive.closerFactor']);
    expect(fields({ adaptive: { ...RMC, stretchFactor: 1 } })).toEqual(['adaptive.stretchFactor']);
    expect(fields({ adaptive: { ...RMC, stretchFactor: Number.POSITIVE_INFINITY } })).toEqual(['adaptive.stretchFactor']);
    expect(fields({ adaptive: { ...RMC, minInterval: 'P0D' } })).toEqual(['adaptive.minInterval']);
    expect(fields({ adaptive: { ...RMC, minInterval: 'P90D' } })).toEqual(['adaptive.maxInterval']);
    expect(fields({ adaptive: { ...RMC, maxInterval: 'soon' } })).toEqual(['adaptive.maxInterval']);
  });
});

describe('nextAdaptiveInterval', () => {
  it('stretches by half again after each check-in without need, rounding down, up to 90 days', () => {
    const steps = ['P7D'];
    while (steps.length < 9) steps.push(nextAdaptiveInterval(steps[steps.length - 1], false, RMC));
    expect(steps).toEqual(['P7D', 'P10D', 'P15D', 'P22D', 'P33D', 'P49D', 'P73D', 'P90D', 'P90D']);
  });

  it('halves the interval after need, never below 2 days', () => {
    expect(nextAdaptiveInterval('P7D', true, RMC)).toBe('P3D');
    expect(nextAdaptiveInterval('P3D', true, RMC)).toBe('P2D');
    expect(nextAdaptiveInterval('P2D', true, RMC)).toBe('P2D');
    expect(nextAdaptiveInterval('P90D', true, RMC)).toBe('P45D');
  });

  it('always moves a stretch by at least a day, so a small factor cannot stall', () => {
    expect(nextAdaptiveInterval('P7D', false, { ...RMC, stretchFactor: 1.01 })).toBe('P8D');
  });

  it('brings an interval outside the bounds back inside them', () => {
    expect(nextAdaptiveInterval('P200D', true, RMC)).toBe('P90D');
    expect(nextAdaptiveInterval('P1D', false, RMC)).toBe('P2D');
  });

  it('reads weeks and months as days (a month as 30)', () => {
    expect(nextAdaptiveInterval('P2W', false, RMC)).toBe('P21D');
    expect(nextAdaptiveInterval('P1M', false, RMC)).toBe('P45D');
  });

  it('keeps sub-day (demo) intervals in seconds', () => {
    const demo: AdaptiveRule = { closerFactor: 0.5, stretchFactor: 1.5, minInterval: 'PT30S', maxInterval: 'PT1H' };
    expect(nextAdaptiveInterval('PT1M', false, demo)).toBe('PT1M30S');
    expect(nextAdaptiveInterval('PT1M', true, demo)).toBe('PT30S');
    expect(nextAdaptiveInterval('PT45S', true, demo)).toBe('PT30S');
    expect(nextAdaptiveInterval('PT50M', false, demo)).toBe('PT1H');
  });

  it('refuses what planProblems would refuse', () => {
    expect(() => nextAdaptiveInterval('-P7D', false, RMC)).toThrow(RangeError);
    expect(() => nextAdaptiveInterval('P7D', false, { ...RMC, closerFactor: 2 })).toThrow(/adaptive.closerFactor/);
  });
});
