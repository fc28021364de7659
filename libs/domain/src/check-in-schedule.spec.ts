import { IANAZone } from 'luxon';
import type { CheckInPlanDefinition } from './check-in-plans';
import { checkInDueAt, materialiseCheckIns, wallClockInstant, type CheckInScheduleInput } from './check-in-schedule';
import { DomainError } from './domain-error';

const NY = 'America/New_York';
/** Quiet hours that leave the small hours open, to see the DST rules without quiet hours moving things. */
const LATE_QUIET = { start: '22:00', end: '01:00' };

const plan = (offsets: string[], localTime = '10:00'): CheckInPlanDefinition => ({
  offsets,
  localTime,
  nudgeAfter: null,
  missedAfter: 'P1D',
  silenceMeansContact: false,
  adaptive: null,
});
const schedule = (input: Partial<CheckInScheduleInput> & Pick<CheckInScheduleInput, 'plan'>) =>
  materialiseCheckIns({
    dischargeDate: '2026-06-01',
    timezone: NY,
    now: new Date('2026-06-01T00:00:00Z'),
    enrolledAt: new Date('2026-06-01T00:00:00Z'),
    ...input,
  }).map((c) => ({ ...c, dueAt: c.dueAt.toISOString() }));
const dueTimes = (input: Parameters<typeof schedule>[0]) => schedule(input).map((c) => c.dueAt);

describe('materialiseCheckIns', () => {
  it('puts day offsets on discharge date + offset at the local time, with their plan index', () => {
    expect(schedule({ plan: plan(['P1D', 'P1W', 'P1M']) })).toEqual([
      { sequence: 0, offset: 'P1D', dueAt: '2026-06-02T14:00:00.000Z' }, // 10:00 EDT
      { sequence: 1, offset: 'P1W', dueAt: '2026-06-08T14:00:00.000Z' },
      { sequence: 2, offset: 'P1M', dueAt: '2026-07-01T14:00:00.000Z' },
    ]);
  });

  it('reads the local time in the graduate\'s zone', () => {
    expect(dueTimes({ plan: plan(['P1D']), timezone: 'Europe/Madrid' })).toEqual(['2026-06-02T08:00:00.000Z']);
    expect(dueTimes({ plan: plan(['P1D']), timezone: 'Asia/Kolkata' })).toEqual(['2026-06-02T04:30:00.000Z']);
  });

  it('counts months on the calendar: a month from 31 January is 28 February', () => {
    expect(dueTimes({ plan: plan(['P1M']), dischargeDate: '2026-01-31', now: new Date('2026-01-01T00:00:00Z') })).toEqual([
      '2026-02-28T15:00:00.000Z',
    ]);
  });

  it('keeps 10:00 local across the spring-forward (New York, 2026-03-08): 23 hours between check-ins', () => {
    const [before, after] = dueTimes({ plan: plan(['P0D', 'P1D']), dischargeDate: '2026-03-07', now: new Date('2026-03-01T00:00:00Z') });
    expect(before).toBe('2026-03-07T15:00:00.000Z'); // 10:00 EST
    expect(after).toBe('2026-03-08T14:00:00.000Z'); // 10:00 EDT
  });

  it('keeps 10:00 local across the fall-back (New York, 2026-11-01): 25 hours between check-ins', () => {
    const [before, after] = dueTimes({ plan: plan(['P0D', 'P1D']), dischargeDate: '2026-10-31', now: new Date('2026-10-01T00:00:00Z') });
    expect(before).toBe('2026-10-31T14:00:00.000Z'); // 10:00 EDT
    expect(after).toBe('2026-11-01T15:00:00.000Z'); // 10:00 EST
  });

  it('moves a local time the spring-forward skips to the next minute that exists (02:30 → 03:00 EDT)', () => {
    const input = { plan: plan(['P1D'], '02:30'), dischargeDate: '2026-03-07', now: new Date('2026-03-01T00:00:00Z') };
    expect(dueTimes({ ...input, quietHours: LATE_QUIET })).toEqual(['2026-03-08T07:00:00.000Z']);
  });

  it('takes the earlier of the two 01:30s on the fall-back night (EDT, not EST)', () => {
    const input = { plan: plan(['P1D'], '01:30'), dischargeDate: '2026-10-31', now: new Date('2026-10-01T00:00:00Z') };
    expect(dueTimes({ ...input, quietHours: LATE_QUIET })).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('moves a local time inside quiet hours to the first allowed minute, DST included', () => {
    const input = { plan: plan(['P1D'], '07:00'), dischargeDate: '2026-03-07', now: new Date('2026-03-01T00:00:00Z') };
    expect(dueTimes(input)).toEqual(['2026-03-08T12:00:00.000Z']); // 08:00 EDT
    const late = { plan: plan(['P0D'], '21:30'), dischargeDate: '2026-10-31', now: new Date('2026-10-01T00:00:00Z') };
    expect(dueTimes(late)).toEqual(['2026-11-01T13:00:00.000Z']); // 08:00 EST the next morning
  });

  it('honours the graduate\'s contact hours', () => {
    const contactHours = { start: '17:00', end: '20:00' };
    expect(dueTimes({ plan: plan(['P1D']), contactHours })).toEqual(['2026-06-02T21:00:00.000Z']); // 17:00 EDT
  });

  it('skips check-ins already due before now, keeps one due exactly now, and keeps the plan\'s numbering', () => {
    const taper = plan(['P1D', 'P3D', 'P7D', 'P14D']);
    const now = new Date('2026-06-08T14:00:00Z'); // day 7, 10:00 EDT
    expect(schedule({ plan: taper, now }).map((c) => c.sequence)).toEqual([2, 3]);
    expect(schedule({ plan: taper, now: new Date(now.getTime() + 1) }).map((c) => c.sequence)).toEqual([3]);
  });

  it('keeps a check-in that quiet hours moved past now', () => {
    const input = { plan: plan(['P1D'], '07:00'), now: new Date('2026-06-02T11:30:00Z') }; // 07:30 EDT: 07:00 has passed
    expect(dueTimes(input)).toEqual(['2026-06-02T12:00:00.000Z']);
  });

  it('counts sub-day (demo) offsets from enrolment, not discharge, with no local-time alignment', () => {
    const enrolledAt = new Date('2026-06-16T14:00:07Z'); // 10:00:07 EDT
    const demo = { ...plan(['PT1M', 'PT3M', 'PT5M']), nudgeAfter: 'PT1M', missedAfter: 'PT2M' };
    expect(schedule({ plan: demo, enrolledAt, now: enrolledAt, dischargeDate: '2026-01-01' })).toEqual([
      { sequence: 0, offset: 'PT1M', dueAt: '2026-06-16T14:01:07.000Z' },
      { sequence: 1, offset: 'PT3M', dueAt: '2026-06-16T14:03:07.000Z' },
      { sequence: 2, offset: 'PT5M', dueAt: '2026-06-16T14:05:07.000Z' },
    ]);
  });

  it('still keeps a demo out of quiet hours, even if its check-ins then share a time', () => {
    const enrolledAt = new Date('2026-06-17T02:00:00Z'); // 22:00 EDT
    const demo = { ...plan(['PT1M', 'PT3M']), nudgeAfter: 'PT1M', missedAfter: 'PT2M' };
    expect(schedule({ plan: demo, enrolledAt, now: enrolledAt })).toEqual([
      { sequence: 0, offset: 'PT1M', dueAt: '2026-06-17T12:00:00.000Z' },
      { sequence: 1, offset: 'PT3M', dueAt: '2026-06-17T12:00:00.000Z' },
    ]);
  });

  it('refuses an invalid plan, date or zone with the problems as details', () => {
    const attempt = (input: Parameters<typeof schedule>[0]) => {
      try {
        schedule(input);
        return null;
      } catch (error) {
        return error instanceof DomainError ? error.details.map((d) => d.field) : error;
      }
    };
    expect(attempt({ plan: plan(['P2D', 'P1D']) })).toEqual(['offsets.1']);
    expect(attempt({ plan: plan(['P1D']), dischargeDate: '2026-02-30', timezone: 'EST' })).toEqual(['dischargeDate', 'timezone']);
  });
});

describe('checkInDueAt', () => {
  it('places one offset, e.g. the next check-in of an adaptive plan', () => {
    const due = checkInDueAt({ offset: 'P17D', localTime: '10:00', dischargeDate: '2026-06-01', enrolledAt: new Date(0), timezone: NY });
    expect(due.toISOString()).toBe('2026-06-18T14:00:00.000Z');
  });

  it('refuses a bad offset or local time', () => {
    const base = { dischargeDate: '2026-06-01', enrolledAt: new Date(0), timezone: NY };
    expect(() => checkInDueAt({ ...base, offset: 'P-1D', localTime: '10:00' })).toThrow(DomainError);
    expect(() => checkInDueAt({ ...base, offset: 'P1D', localTime: '25:00' })).toThrow(DomainError);
  });
});

describe('wallClockInstant', () => {
  const ny = IANAZone.create(NY);
  const at = (y: number, m: number, d: number, h: number, min: number, zone = ny) => wallClockInstant(y, m, d, h, min, zone).toISOString();

  it('is exact on ordinary days', () => {
    expect(at(2026, 6, 16, 10, 0)).toBe('2026-06-16T14:00:00.000Z');
    expect(at(2026, 1, 16, 10, 0)).toBe('2026-01-16T15:00:00.000Z');
  });

  it('moves any skipped minute to the jump itself (03:00 EDT)', () => {
    for (const minute of [0, 1, 30, 59]) expect(at(2026, 3, 8, 2, minute)).toBe('2026-03-08T07:00:00.000Z');
    expect(at(2026, 3, 8, 3, 0)).toBe('2026-03-08T07:00:00.000Z');
    expect(at(2026, 3, 8, 1, 59)).toBe('2026-03-08T06:59:00.000Z');
  });

  it('takes the first of a repeated minute', () => {
    expect(at(2026, 11, 1, 1, 0)).toBe('2026-11-01T05:00:00.000Z');
    expect(at(2026, 11, 1, 1, 59)).toBe('2026-11-01T05:59:00.000Z');
    expect(at(2026, 11, 1, 2, 0)).toBe('2026-11-01T07:00:00.000Z');
  });

  it('handles half-hour shifts and a whole skipped day', () => {
    const lordHowe = IANAZone.create('Australia/Lord_Howe'); // 02:00 → 02:30 on 2026-10-04
    expect(at(2026, 10, 4, 2, 15, lordHowe)).toBe('2026-10-03T15:30:00.000Z'); // 02:30 +11:00
    const samoa = IANAZone.create('Pacific/Apia'); // 2011-12-30 never happened
    expect(at(2011, 12, 30, 10, 0, samoa)).toBe('2011-12-30T10:00:00.000Z'); // 31 Dec 00:00 +14:00
  });
});
