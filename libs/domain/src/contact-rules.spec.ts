import { isCalendarDate, isClockTime, isIanaTimezone, normalisePhone } from './contact-rules';

describe('normalisePhone', () => {
  it('normalises national and international forms to E.164', () => {
    expect(normalisePhone('(213) 373-4253')).toEqual({ ok: true, value: '+12133734253' });
    expect(normalisePhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
  });

  it('rejects with a reason', () => {
    expect(normalisePhone('call me maybe')).toMatchObject({ ok: false, reason: expect.stringContaining('only digits') });
    expect(normalisePhone('123')).toMatchObject({ ok: false });
    expect(normalisePhone('+1 555 01')).toEqual({ ok: false, reason: 'has the wrong number of digits' });
    expect(normalisePhone('+1 111 111 1111')).toEqual({ ok: false, reason: 'is not a valid phone number for its country' });
  });
});

describe('field rules', () => {
  it('accepts IANA zones only', () => {
    expect(isIanaTimezone('America/Chicago')).toBe(true);
    expect(isIanaTimezone('UTC')).toBe(true);
    expect(isIanaTimezone('EST')).toBe(false);
    expect(isIanaTimezone('Mars/Olympus')).toBe(false);
  });

  it('accepts real calendar dates and 24-hour clock times', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('26-02-01')).toBe(false);
    expect(isClockTime('08:00')).toBe(true);
    expect(isClockTime('24:00')).toBe(false);
  });
});
