import { DateTime } from 'luxon';
import { alwaysLonger, formatSeconds, parseIsoDuration, type IsoDuration } from './iso-duration';

const parse = (iso: string): IsoDuration => {
  const parsed = parseIsoDuration(iso);
  if (!parsed.ok) throw new Error(`${iso}: ${parsed.reason}`);
  return parsed.value;
};

describe('parseIsoDuration', () => {
  it('sorts durations into calendar, clock and mixed', () => {
    expect(['P1D', 'P2W', 'P1M', 'P1Y2M', 'P0D'].map((iso) => parse(iso).kind)).toEqual(['calendar', 'calendar', 'calendar', 'calendar', 'calendar']);
    expect(['PT5M', 'PT1H30M', 'PT0S', 'P0DT5M'].map((iso) => parse(iso).kind)).toEqual(['clock', 'clock', 'clock', 'clock']);
    expect(parse('P1DT12H').kind).toBe('mixed');
  });

  it('refuses signs, empty durations and anything luxon would stretch to accept', () => {
    for (const bad of ['-P1D', 'P-1D', '+P1D', 'P', 'PT', 'P1DT', 'P1D2M', 'PT1D', null, 3]) {
      expect(parseIsoDuration(bad).ok).toBe(false);
    }
  });

  it('gives a month 28–31 days and a year 365–366', () => {
    const day = 86_400_000;
    expect([parse('P1M').minMs / day, parse('P1M').maxMs / day]).toEqual([28, 31]);
    expect([parse('P1Y').minMs / day, parse('P1Y').maxMs / day]).toEqual([365, 366]);
    expect(parse('PT1H30M').minMs).toBe(5_400_000);
  });

  it('notes fractions', () => {
    expect(parse('P1.5D').whole).toBe(false);
    expect(parse('P2D').whole).toBe(true);
  });
});

describe('alwaysLonger', () => {
  const samples = ['P0D', 'P1D', 'P27D', 'P28D', 'P4W', 'P29D', 'P30D', 'P31D', 'P32D', 'P1M', 'P1M1D', 'P2M', 'P59D', 'P62D', 'P11M', 'P1Y', 'P1Y1D', 'P365D', 'P367D'];
  // Where months differ: the 1st and the last four days of every month of a common and a leap year.
  const starts = Array.from({ length: 24 }, (_, m) => DateTime.utc(2023, 1, 1).plus({ months: m })).flatMap((first) => [
    first,
    ...[3, 2, 1, 0].map((back) => first.endOf('month').startOf('day').minus({ days: back })),
  ]);

  it('never claims an order that some start date breaks', () => {
    const ends = new Map(samples.map((iso) => [iso, starts.map((start) => start.plus(parse(iso).duration).toMillis())]));
    for (const a of samples) {
      for (const b of samples) {
        if (!alwaysLonger(parse(a), parse(b))) continue;
        const [later, earlier] = [ends.get(a) ?? [], ends.get(b) ?? []];
        const broken = starts.filter((_, i) => later[i] <= earlier[i]).map((start) => start.toISODate());
        expect({ a, b, broken }).toEqual({ a, b, broken: [] });
      }
    }
  });

  it('sees the orders a plan relies on', () => {
    const longer = (a: string, b: string) => alwaysLonger(parse(a), parse(b));
    expect(longer('P1Y1D', 'P1Y')).toBe(true);
    expect(longer('P32D', 'P1M')).toBe(true);
    expect(longer('P2M', 'P1M1D')).toBe(true);
    expect(longer('P1M', 'P30D')).toBe(false);
    expect(longer('P1D', 'P1D')).toBe(false);
    expect(longer('PT2M', 'PT1M')).toBe(true);
  });
});

describe('formatSeconds', () => {
  it('writes whole seconds as an ISO duration luxon reads back', () => {
    expect([0, 30, 90, 3600, 3661].map(formatSeconds)).toEqual(['PT0S', 'PT30S', 'PT1M30S', 'PT1H', 'PT1H1M1S']);
    expect(parse(formatSeconds(3661)).duration.as('seconds')).toBe(3661);
  });
});
