import { DateTime } from 'luxon';
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowedInstant, type ClockWindow } from './quiet-hours';

const NY = 'America/New_York';
const utc = (iso: string) => new Date(iso);
const next = (iso: string, zone: string, quiet?: ClockWindow, contact?: ClockWindow | null) =>
  nextAllowedInstant(utc(iso), zone, quiet, contact).toISOString();

describe('isQuiet', () => {
  it('is quiet from 21:00 (inclusive) to 08:00 (exclusive) local time by default', () => {
    expect(isQuiet(utc('2026-06-16T00:59:59Z'), NY)).toBe(false); // 20:59:59 EDT
    expect(isQuiet(utc('2026-06-16T01:00:00Z'), NY)).toBe(true); // 21:00 EDT
    expect(isQuiet(utc('2026-06-16T11:59:00Z'), NY)).toBe(true); // 07:59 EDT
    expect(isQuiet(utc('2026-06-16T12:00:00Z'), NY)).toBe(false); // 08:00 EDT
  });

  it('reads the clock of the given zone, not UTC', () => {
    const at = utc('2026-06-16T14:00:00Z');
    expect(isQuiet(at, 'Europe/London')).toBe(false); // 15:00
    expect(isQuiet(at, 'Asia/Tokyo')).toBe(true); // 23:00
  });

  it('handles a window that does not wrap midnight', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(isQuiet(utc('2026-06-16T16:30:00Z'), NY, lunch)).toBe(true);
    expect(isQuiet(utc('2026-06-16T17:00:00Z'), NY, lunch)).toBe(false);
    expect(isQuiet(utc('2026-06-16T03:00:00Z'), NY, lunch)).toBe(false);
  });

  it('refuses malformed windows and unknown zones', () => {
    expect(() => isQuiet(utc('2026-06-16T12:00:00Z'), NY, { start: '9:00', end: '17:00' })).toThrow(RangeError);
    expect(() => isQuiet(utc('2026-06-16T12:00:00Z'), NY, { start: '09:00', end: '09:00' })).toThrow(/must differ/);
    expect(() => isQuiet(utc('2026-06-16T12:00:00Z'), 'EST5EDT/Nowhere')).toThrow(/Unknown time zone/);
  });
});

describe('nextAllowedInstant', () => {
  it('returns `at` itself, seconds and all, when it is allowed', () => {
    const at = utc('2026-06-16T18:00:07.123Z');
    expect(nextAllowedInstant(at, NY)).toBe(at);
  });

  it('moves a late-evening send to 08:00 the next local morning', () => {
    expect(next('2026-06-16T01:00:00Z', NY)).toBe('2026-06-16T12:00:00.000Z'); // 21:00 → 08:00 EDT
    expect(next('2026-06-16T04:30:00Z', NY)).toBe('2026-06-16T12:00:00.000Z'); // 00:30 → 08:00 EDT
    expect(next('2026-06-16T11:59:30Z', NY)).toBe('2026-06-16T12:00:00.000Z'); // 07:59:30 → 08:00
  });

  it('uses the default quiet hours when none are given', () => {
    expect(DEFAULT_QUIET_HOURS).toEqual({ start: '21:00', end: '08:00' });
    expect(next('2026-06-16T01:00:00Z', NY, DEFAULT_QUIET_HOURS)).toBe(next('2026-06-16T01:00:00Z', NY));
  });

  it('crosses the spring-forward night (New York, 2026-03-08) with a 9-hour gap, not 10', () => {
    // 22:00 EST on the 7th → 08:00 EDT on the 8th.
    expect(next('2026-03-08T03:00:00Z', NY)).toBe('2026-03-08T12:00:00.000Z');
  });

  it('crosses the fall-back night (New York, 2026-11-01) with an 11-hour gap', () => {
    // 22:00 EDT on 31 Oct → 08:00 EST on 1 Nov.
    expect(next('2026-11-01T02:00:00Z', NY)).toBe('2026-11-01T13:00:00.000Z');
  });

  it('opens at the clock jump when a spring-forward skips the end of the quiet window', () => {
    // Quiet 00:00–02:30, but 02:00–03:00 does not exist on 2026-03-08: at 01:30 EST the next
    // allowed instant is 03:00 EDT, the moment of the jump.
    expect(next('2026-03-08T06:30:00Z', NY, { start: '00:00', end: '02:30' })).toBe('2026-03-08T07:00:00.000Z');
  });

  it('never goes back in time when a fall-back repeats the end of the quiet window', () => {
    const quiet = { start: '01:00', end: '01:45' };
    // 01:30 EDT (first pass) → 01:45 EDT; 01:30 EST (second pass) → 01:45 EST, an hour later.
    expect(next('2026-11-01T05:30:00Z', NY, quiet)).toBe('2026-11-01T05:45:00.000Z');
    expect(next('2026-11-01T06:30:00Z', NY, quiet)).toBe('2026-11-01T06:45:00.000Z');
  });

  it('follows half-hour offsets (Asia/Kolkata, UTC+05:30)', () => {
    expect(next('2026-05-01T16:00:00Z', 'Asia/Kolkata')).toBe('2026-05-02T02:30:00.000Z'); // 21:30 → 08:00 IST
  });

  it("follows Lord Howe Island's 30-minute DST", () => {
    const zone = 'Australia/Lord_Howe';
    expect(next('2026-07-01T11:30:00Z', zone)).toBe('2026-07-01T21:30:00.000Z'); // +10:30 in winter
    expect(next('2026-12-01T11:00:00Z', zone)).toBe('2026-12-01T21:00:00.000Z'); // +11:00 in summer
    // 2026-10-04: 02:00 jumps to 02:30. Quiet until 02:15 ends at the jump (15:30Z).
    expect(next('2026-10-03T14:30:00Z', zone, { start: '00:00', end: '02:15' })).toBe('2026-10-03T15:30:00.000Z');
  });

  it('handles a quiet window that does not wrap midnight', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(next('2026-06-16T16:30:00Z', NY, lunch)).toBe('2026-06-16T17:00:00.000Z');
    expect(next('2026-06-16T15:59:00Z', NY, lunch)).toBe('2026-06-16T15:59:00.000Z');
    expect(next('2026-06-17T02:00:00Z', NY, lunch)).toBe('2026-06-17T02:00:00.000Z'); // 22:00 is fine here
  });

  describe('with contact hours', () => {
    const office = { start: '09:00', end: '17:00' };

    it('waits for the contact hours to open, within the allowed day', () => {
      expect(next('2026-06-16T12:30:00Z', NY, undefined, office)).toBe('2026-06-16T13:00:00.000Z'); // 08:30 → 09:00
      expect(next('2026-06-16T15:00:00Z', NY, undefined, office)).toBe('2026-06-16T15:00:00.000Z'); // 11:00 is fine
    });

    it('waits for the next day when the contact hours have closed', () => {
      expect(next('2026-06-16T21:00:00Z', NY, undefined, office)).toBe('2026-06-17T13:00:00.000Z'); // 17:00 → 09:00
      expect(next('2026-06-17T00:00:00Z', NY, undefined, office)).toBe('2026-06-17T13:00:00.000Z'); // 20:00 → 09:00
    });

    it('intersects contact hours that wrap midnight with the day', () => {
      const evenings = { start: '18:00', end: '02:00' };
      expect(next('2026-06-16T14:00:00Z', NY, undefined, evenings)).toBe('2026-06-16T22:00:00.000Z'); // 10:00 → 18:00
      expect(next('2026-06-17T02:00:00Z', NY, undefined, evenings)).toBe('2026-06-17T22:00:00.000Z'); // 22:00 → 18:00
      const late = { start: '22:00', end: '02:00' };
      const quiet = { start: '23:00', end: '07:00' };
      expect(next('2026-06-16T14:00:00Z', NY, quiet, late)).toBe('2026-06-17T02:00:00.000Z'); // 10:00 → 22:00
      expect(next('2026-06-17T03:00:00Z', NY, quiet, late)).toBe('2026-06-18T02:00:00.000Z'); // 23:00 → 22:00 next day
    });

    it('falls back to quiet hours alone when the contact hours lie inside them', () => {
      const night = { start: '22:00', end: '02:00' };
      expect(next('2026-06-17T02:30:00Z', NY, undefined, night)).toBe('2026-06-17T12:00:00.000Z'); // 22:30 → 08:00
      expect(next('2026-06-16T15:00:00Z', NY, undefined, night)).toBe('2026-06-16T15:00:00.000Z'); // 11:00 is fine
    });

    it('treats null contact hours as none', () => {
      expect(next('2026-06-16T12:30:00Z', NY, undefined, null)).toBe('2026-06-16T12:30:00.000Z');
    });
  });

  describe('agrees with a minute-by-minute scan', () => {
    const zones = [NY, 'Australia/Lord_Howe', 'Asia/Kolkata', 'Europe/London', 'Pacific/Chatham', 'America/Santiago'];
    const windows: ClockWindow[] = [
      DEFAULT_QUIET_HOURS,
      { start: '12:00', end: '13:00' },
      { start: '00:00', end: '02:30' },
      { start: '01:15', end: '03:10' },
      { start: '22:00', end: '07:30' },
    ];
    const contacts: (ClockWindow | null)[] = [null, { start: '09:00', end: '17:00' }, { start: '18:00', end: '02:00' }, { start: '01:00', end: '05:00' }];
    // Instants around the DST changes of the zones above, plus an ordinary day.
    const starts = ['2026-03-08T00:00:00Z', '2026-04-04T10:00:00Z', '2026-09-26T12:00:00Z', '2026-10-03T12:00:00Z', '2026-10-31T20:00:00Z', '2026-06-16T00:00:00Z'];

    const oracle = (at: Date, zone: string, quiet: ClockWindow, contact: ClockWindow | null): Date => {
      const toMin = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
      const inside = (minute: number, w: ClockWindow) => {
        const [s, e] = [toMin(w.start), toMin(w.end)];
        return s < e ? minute >= s && minute < e : minute >= s || minute < e;
      };
      const hasOverlap = contact !== null && Array.from({ length: 1440 }, (_, m) => m).some((m) => !inside(m, quiet) && inside(m, contact));
      const ok = (t: number) => {
        const local = DateTime.fromMillis(t, { zone });
        const minute = local.hour * 60 + local.minute;
        return !inside(minute, quiet) && (!hasOverlap || contact === null || inside(minute, contact));
      };
      if (ok(at.getTime())) return at;
      let t = Math.ceil((at.getTime() + 1) / 60_000) * 60_000;
      while (!ok(t)) t += 60_000;
      return new Date(t);
    };

    it.each(zones)('in %s', (zone) => {
      let checked = 0;
      for (const [i, start] of starts.entries()) {
        for (let step = 0; step < 48; step += 5) {
          const at = new Date(utc(start).getTime() + step * 3_600_000 + 17_000);
          const quiet = windows[(step + i) % windows.length];
          const contact = contacts[(step * 3 + i) % contacts.length];
          expect(nextAllowedInstant(at, zone, quiet, contact).toISOString()).toBe(oracle(at, zone, quiet, contact).toISOString());
          checked++;
        }
      }
      expect(checked).toBe(60);
    });
  });
});
