import { DomainError } from './domain-error';
import { meetingOccurrences, recurrenceProblems, type MeetingRecurrence } from './meeting-schedule';

const NY = 'America/New_York';
/** Thursday 4 March 2027, 18:30 in New York; clocks go forward on 14 March and back on 7 November. */
const weeklyThursday: MeetingRecurrence = {
  startsLocal: '2027-03-04T18:30',
  timezone: NY,
  rrule: 'FREQ=WEEKLY;BYDAY=TH',
  durationMinutes: 60,
};

const starts = (r: MeetingRecurrence, from: string, to: string, limit?: number) =>
  meetingOccurrences(r, new Date(from), new Date(to), limit).map((o) => o.startsAt.toISOString());
const reasons = (r: Partial<MeetingRecurrence>) => recurrenceProblems({ ...weeklyThursday, ...r });

describe('meetingOccurrences', () => {
  it('keeps 18:30 on the wall clock across the spring-forward change', () => {
    expect(starts(weeklyThursday, '2027-03-01T00:00:00Z', '2027-03-26T00:00:00Z')).toEqual([
      '2027-03-04T23:30:00.000Z', // EST, UTC-5
      '2027-03-11T23:30:00.000Z',
      '2027-03-18T22:30:00.000Z', // EDT, UTC-4
      '2027-03-25T22:30:00.000Z',
    ]);
  });

  it('keeps 18:30 on the wall clock across the fall-back change', () => {
    expect(starts(weeklyThursday, '2027-10-27T00:00:00Z', '2027-11-19T00:00:00Z')).toEqual([
      '2027-10-28T22:30:00.000Z',
      '2027-11-04T22:30:00.000Z',
      '2027-11-11T23:30:00.000Z',
      '2027-11-18T23:30:00.000Z',
    ]);
  });

  it('ends each meeting durationMinutes after it starts', () => {
    const [first] = meetingOccurrences({ ...weeklyThursday, durationMinutes: 90 }, new Date('2027-03-01'), new Date('2027-03-05'));
    expect(first.startsAt.toISOString()).toBe('2027-03-04T23:30:00.000Z');
    expect(first.endsAt.toISOString()).toBe('2027-03-05T01:00:00.000Z');
  });

  it('stops after COUNT meetings', () => {
    const counted = { ...weeklyThursday, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3' };
    expect(starts(counted, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([
      '2027-03-04T23:30:00.000Z',
      '2027-03-11T23:30:00.000Z',
      '2027-03-18T22:30:00.000Z',
    ]);
  });

  it('gives only the meetings in a window that starts mid-series, counting COUNT from the first', () => {
    const counted = { ...weeklyThursday, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4' };
    expect(starts(counted, '2027-03-15T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual(['2027-03-18T22:30:00.000Z', '2027-03-25T22:30:00.000Z']);
  });

  it('includes a meeting starting at `from` and leaves out one starting at `to`', () => {
    expect(starts(weeklyThursday, '2027-03-11T23:30:00Z', '2027-03-25T22:30:00Z')).toEqual(['2027-03-11T23:30:00.000Z', '2027-03-18T22:30:00.000Z']);
  });

  it('reads UNTIL on the local wall clock, whatever its Z says', () => {
    // 18:30 on 18 March is 22:30Z: read as an instant, UNTIL=…T183000Z would drop that meeting.
    const until = { ...weeklyThursday, rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270318T183000Z' };
    expect(starts(until, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toHaveLength(3);
    const before = { ...weeklyThursday, rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270318T182900Z' };
    expect(starts(before, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toHaveLength(2);
  });

  it('reads a date-only UNTIL as the whole of that day', () => {
    const until = { ...weeklyThursday, rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270318' };
    expect(starts(until, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z').at(-1)).toBe('2027-03-18T22:30:00.000Z');
  });

  it('gives a single meeting when there is no rule, if it is in the window', () => {
    const single = { ...weeklyThursday, rrule: null };
    expect(starts(single, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual(['2027-03-04T23:30:00.000Z']);
    expect(starts(single, '2027-03-05T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([]);
  });

  it('follows Europe/London into British Summer Time', () => {
    const london = { startsLocal: '2027-03-23T19:00', timezone: 'Europe/London', rrule: 'FREQ=WEEKLY', durationMinutes: 45 };
    expect(starts(london, '2027-03-20T00:00:00Z', '2027-04-01T00:00:00Z')).toEqual(['2027-03-23T19:00:00.000Z', '2027-03-30T18:00:00.000Z']);
  });

  it('returns at most `limit` meetings, the earliest', () => {
    const daily = { ...weeklyThursday, rrule: 'FREQ=DAILY' };
    expect(starts(daily, '2027-03-01T00:00:00Z', '2028-01-01T00:00:00Z', 3)).toEqual([
      '2027-03-04T23:30:00.000Z',
      '2027-03-05T23:30:00.000Z',
      '2027-03-06T23:30:00.000Z',
    ]);
    expect(meetingOccurrences(daily, new Date('2027-03-01'), new Date('2037-01-01'))).toHaveLength(500);
    expect(meetingOccurrences(daily, new Date('2027-03-01'), new Date('2028-01-01'), 0)).toEqual([]);
  });

  it('moves a wall time that does not exist forward by the gap, and takes the first of a repeated one', () => {
    const small = { ...weeklyThursday, rrule: 'FREQ=DAILY', startsLocal: '2027-03-13T02:30' };
    expect(starts(small, '2027-03-13T00:00:00Z', '2027-03-16T00:00:00Z')).toEqual([
      '2027-03-13T07:30:00.000Z', // 02:30 EST
      '2027-03-14T07:30:00.000Z', // 02:30 does not exist: 03:30 EDT
      '2027-03-15T06:30:00.000Z', // 02:30 EDT
    ]);
    const twice = { ...weeklyThursday, rrule: 'FREQ=DAILY', startsLocal: '2027-11-06T01:30' };
    expect(starts(twice, '2027-11-06T00:00:00Z', '2027-11-09T00:00:00Z')).toEqual([
      '2027-11-06T05:30:00.000Z',
      '2027-11-07T05:30:00.000Z', // 01:30 EDT, the first of the two
      '2027-11-08T06:30:00.000Z',
    ]);
  });

  it('expands numbered weekdays and accepts a leading RRULE: and lower case', () => {
    const second = { ...weeklyThursday, startsLocal: '2027-03-11T18:30', rrule: 'RRULE:freq=monthly;byday=2th;count=3' };
    expect(starts(second, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([
      '2027-03-11T23:30:00.000Z',
      '2027-04-08T22:30:00.000Z',
      '2027-05-13T22:30:00.000Z',
    ]);
  });

  it('gives nothing for an empty or backwards window', () => {
    expect(starts(weeklyThursday, '2027-03-10T00:00:00Z', '2027-03-10T00:00:00Z')).toEqual([]);
    expect(starts(weeklyThursday, '2027-04-01T00:00:00Z', '2027-03-01T00:00:00Z')).toEqual([]);
  });

  it('throws DomainError with the problems for a schedule recurrenceProblems refuses', () => {
    const attempt = (r: MeetingRecurrence) => {
      try {
        meetingOccurrences(r, new Date('2027-03-01'), new Date('2027-04-01'));
        return null;
      } catch (error) {
        return error instanceof DomainError ? error.details.map((d) => d.field) : error;
      }
    };
    expect(attempt({ ...weeklyThursday, timezone: 'EST', rrule: 'FREQ=HOURLY' })).toEqual(['timezone', 'rrule']);
    expect(attempt({ ...weeklyThursday, startsLocal: '2027-03-01T18:30' })).toEqual(['startsLocal']);
  });
});

describe('recurrenceProblems', () => {
  it('accepts a good weekly series and a single meeting', () => {
    expect(reasons({})).toEqual([]);
    expect(reasons({ rrule: null })).toEqual([]);
    expect(reasons({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20271231T235959Z;WKST=SU' })).toEqual([]);
    expect(reasons({ startsLocal: '2027-03-31T18:30', rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' })).toEqual([]);
  });

  it('names each bad field with a plain reason', () => {
    expect(recurrenceProblems({ startsLocal: '2027-02-30T18:30', timezone: 'EST', rrule: null, durationMinutes: 4 })).toEqual([
      { field: 'startsLocal', reason: 'must be a local date and time like 2027-03-04T18:30' },
      { field: 'timezone', reason: 'must be an IANA time zone such as America/Chicago' },
      { field: 'durationMinutes', reason: 'must be a whole number of minutes between 5 and 720' },
    ]);
    expect(reasons({ startsLocal: '2027-03-04 18:30' })[0].field).toBe('startsLocal');
    expect(reasons({ startsLocal: '2027-03-04T24:00' })[0].field).toBe('startsLocal');
    expect(reasons({ timezone: 'Mars/Olympus_Mons' })[0].field).toBe('timezone');
    expect(reasons({ durationMinutes: 721 })[0].field).toBe('durationMinutes');
    expect(reasons({ durationMinutes: 30.5 })[0].field).toBe('durationMinutes');
    expect(reasons({ durationMinutes: 720 })).toEqual([]);
  });

  it('refuses rules that repeat more often than daily or set the time of day', () => {
    for (const freq of ['HOURLY', 'MINUTELY', 'SECONDLY']) {
      expect(reasons({ rrule: `FREQ=${freq}` })).toEqual([{ field: 'rrule', reason: 'must repeat no more often than daily' }]);
    }
    expect(reasons({ rrule: 'FREQ=DAILY;BYHOUR=9,18' })[0].reason).toMatch(/^must not set the time of day/);
  });

  it('refuses DTSTART in the rule', () => {
    const dtstart = [{ field: 'rrule', reason: 'must not contain DTSTART (startsLocal gives it)' }];
    expect(reasons({ rrule: 'DTSTART:20270304T183000\nRRULE:FREQ=WEEKLY' })).toEqual(dtstart);
    expect(reasons({ rrule: 'FREQ=WEEKLY;DTSTART=20270304T183000' })).toEqual(dtstart);
  });

  it.each([
    ['', /empty/],
    ['BYDAY=TH', /FREQ is required/],
    ['FREQ=FORTNIGHTLY', /FREQ must be/],
    ['FREQ=WEEKLY;FREQ=DAILY', /FREQ appears twice/],
    ['FREQ=WEEKLY;FOO=BAR', /FOO is not a rule part/],
    ['FREQ=WEEKLY;TZID=America/New_York', /TZID/],
    ['FREQ=WEEKLY;;BYDAY=TH', /NAME=VALUE/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY "XX"/],
    ['FREQ=WEEKLY;BYDAY=', /NAME=VALUE/],
    ['FREQ=WEEKLY;BYDAY=2TH', /numbered BYDAY/],
    ['FREQ=MONTHLY;BYDAY=6TH', /fifth/],
    ['FREQ=WEEKLY;COUNT=abc', /COUNT/],
    ['FREQ=WEEKLY;COUNT=0', /COUNT/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL/],
    ['FREQ=WEEKLY;UNTIL=garbage', /UNTIL/],
    ['FREQ=WEEKLY;UNTIL=20270230', /UNTIL/],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20271231', /COUNT and UNTIL/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY/],
    ['FREQ=WEEKLY;BYMONTHDAY=4', /BYMONTHDAY cannot go with FREQ=WEEKLY/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH/],
    ['FREQ=MONTHLY;BYYEARDAY=63', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=WEEKLY;BYSETPOS=1;BYDAY=TH', /BYSETPOS needs FREQ=MONTHLY/],
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /names no day that exists/],
    ['FREQ=WEEKLY\nEXDATE:20270311T183000', /one RRULE line/],
  ])('explains why %j is not a valid RRULE', (rrule, why) => {
    const problems = reasons({ rrule });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('rrule');
    expect(problems[0].reason).toMatch(/^is not a valid RRULE: /);
    expect(problems[0].reason).toMatch(why);
  });

  it('needs startsLocal to be one of the rule\'s meetings', () => {
    // 1 March 2027 is a Monday.
    expect(reasons({ startsLocal: '2027-03-01T18:30' })).toEqual([
      { field: 'startsLocal', reason: 'must be one of the meetings the rule gives (for example a Thursday for BYDAY=TH)' },
    ]);
    expect(reasons({ rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270301' })).toEqual([{ field: 'rrule', reason: 'must not end (UNTIL) before startsLocal' }]);
  });

  it('answers quickly for a rule that never meets, which rrule would search for until 9999', () => {
    const started = Date.now();
    // A Monday, and a sixth Monday that no month has.
    expect(reasons({ startsLocal: '2027-03-01T18:30', rrule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6' })[0].field).toBe('startsLocal');
    expect(reasons({ startsLocal: '2027-03-01T18:30', rrule: 'FREQ=YEARLY;BYYEARDAY=1;BYMONTH=6' })[0].field).toBe('startsLocal');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
