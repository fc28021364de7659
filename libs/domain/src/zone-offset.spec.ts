import { IANAZone } from 'luxon';
import { zoneOffset } from './zone-offset';

describe('zoneOffset', () => {
  it('answers what luxon answers, minute by minute across a spring-forward and a fall-back, in several zones', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns'].map((name) => IANAZone.create(name));
    // New York springs forward at 07:00Z on 8 March 2026 and falls back at 06:00Z on 1 November 2026.
    const windows = [Date.UTC(2026, 2, 8, 5, 0), Date.UTC(2026, 10, 1, 4, 0), Date.UTC(2026, 3, 4, 14, 0)];
    let compared = 0;
    for (const zone of zones) {
      for (const start of windows) {
        for (let ms = start; ms < start + 4 * 3_600_000; ms += 60_000) {
          // Twice: the first call fills the memory, the second reads it; both must agree with luxon.
          expect([zoneOffset(zone, ms + 59_999), zoneOffset(zone, ms)]).toEqual([zone.offset(ms), zone.offset(ms)]);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(5 * 3 * 240);
  });

  it('keeps zones apart at the same minute', () => {
    const at = Date.UTC(2026, 6, 1, 12, 0);
    expect(zoneOffset(IANAZone.create('America/Chicago'), at)).toBe(-300);
    expect(zoneOffset(IANAZone.create('Asia/Tokyo'), at)).toBe(540);
  });
});
