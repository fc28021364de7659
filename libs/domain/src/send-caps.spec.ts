import { capDecision, DEFAULT_EMAIL_CAPS, DEFAULT_RECIPIENT_CAPS, type CapFacts } from './send-caps';

const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Tuesday 2026-06-16, 10:00 EDT.
const at = new Date('2026-06-16T14:00:00Z');
const ago = (ms: number) => new Date(at.getTime() - ms);
const sms = (sentAt: Date[], extra: Partial<CapFacts> = {}): CapFacts => ({
  channel: 'sms',
  priority: 'routine',
  sentAt,
  at,
  timezone: NY,
  ...extra,
});

describe('capDecision', () => {
  it('defaults SMS to 1 a day and 3 a week, email to 2 and 7', () => {
    expect(DEFAULT_RECIPIENT_CAPS).toEqual({ perDay: 1, perWeek: 3 });
    expect(DEFAULT_EMAIL_CAPS).toEqual({ perDay: 2, perWeek: 7 });
  });

  it('allows the first message', () => {
    expect(capDecision(sms([]))).toEqual({ allowed: true });
  });

  it('holds a second SMS on the same local day until local midnight', () => {
    expect(capDecision(sms([ago(2 * HOUR)]))).toEqual({
      allowed: false,
      retryAt: new Date('2026-06-17T04:00:00Z'), // 00:00 EDT
      reason: "daily cap of 1 reached for the recipient's local day",
    });
  });

  it("counts the recipient's calendar day, not the UTC one", () => {
    // 23:30 EDT on the 15th is 03:30Z on the 16th: the same UTC day as `at`, but yesterday in New York.
    expect(capDecision(sms([new Date('2026-06-16T03:30:00Z')]))).toEqual({ allowed: true });
    // 00:30 EDT on the 16th is 04:30Z: today in New York.
    expect(capDecision(sms([new Date('2026-06-16T04:30:00Z')])).allowed).toBe(false);
  });

  it('finds the next local midnight across DST changes', () => {
    // Saturday 2026-03-07 12:00 EST → midnight EST; Sunday 03-08 12:00 EDT → midnight EDT.
    const sat = new Date('2026-03-07T17:00:00Z');
    expect(capDecision(sms([sat], { at: sat }))).toMatchObject({ retryAt: new Date('2026-03-08T05:00:00Z') });
    const sun = new Date('2026-03-08T16:00:00Z');
    expect(capDecision(sms([sun], { at: sun }))).toMatchObject({ retryAt: new Date('2026-03-09T04:00:00Z') });
  });

  it('holds a fourth SMS in 7×24 hours until the oldest drops out', () => {
    const oldest = ago(6 * DAY);
    expect(capDecision(sms([ago(2 * DAY), oldest, ago(4 * DAY)]))).toEqual({
      allowed: false,
      retryAt: new Date(oldest.getTime() + 7 * DAY),
      reason: 'weekly cap of 3 in 7 days reached',
    });
  });

  it('lets a send exactly 7 days old drop out of the window', () => {
    expect(capDecision(sms([ago(7 * DAY), ago(4 * DAY), ago(2 * DAY)]))).toEqual({ allowed: true });
    expect(capDecision(sms([ago(7 * DAY - 1), ago(4 * DAY), ago(2 * DAY)])).allowed).toBe(false);
  });

  it('waits for enough sends to drop out when the window holds more than the cap', () => {
    const sends = [ago(6 * DAY), ago(5 * DAY), ago(4 * DAY), ago(3 * DAY)];
    expect(capDecision(sms(sends))).toMatchObject({ retryAt: new Date(at.getTime() + 2 * DAY) });
  });

  it('gives the later release when both caps bind, and names both', () => {
    const today = ago(HOUR);
    // Weekly frees up tomorrow 10:00, after midnight.
    const weeklyLater = capDecision(sms([ago(6 * DAY), ago(3 * DAY), today]));
    expect(weeklyLater).toEqual({
      allowed: false,
      retryAt: new Date(at.getTime() + DAY),
      reason: "daily cap of 1 reached for the recipient's local day; weekly cap of 3 in 7 days reached",
    });
    // Weekly frees up in an hour, before midnight.
    const dailyLater = capDecision(sms([ago(7 * DAY - HOUR), ago(3 * DAY), today]));
    expect(dailyLater).toMatchObject({ retryAt: new Date('2026-06-17T04:00:00Z') });
  });

  it('never gives a retryAt at which the send would still be refused', () => {
    // A send stamped tomorrow (clock skew) would block the daily release, so wait out that day too.
    const tomorrow = new Date('2026-06-17T13:00:00Z');
    const decision = capDecision(sms([ago(HOUR), tomorrow], { caps: { perDay: 1, perWeek: 10 } }));
    expect(decision).toMatchObject({ allowed: false, retryAt: new Date('2026-06-18T04:00:00Z') });
    if (decision.allowed) throw new Error('expected a refusal');
    expect(capDecision(sms([ago(HOUR), tomorrow], { at: decision.retryAt, caps: { perDay: 1, perWeek: 10 } }))).toEqual({
      allowed: true,
    });
  });

  it('always allows urgent messages', () => {
    const flooded = [ago(HOUR), ago(2 * HOUR), ago(3 * HOUR), ago(DAY)];
    expect(capDecision(sms(flooded, { priority: 'urgent' }))).toEqual({ allowed: true });
    expect(capDecision(sms(flooded)).allowed).toBe(false);
  });

  it('lets a reply inside a conversation the graduate started past the caps', () => {
    const flooded = [ago(HOUR), ago(2 * HOUR), ago(3 * HOUR), ago(DAY)];
    expect(capDecision(sms(flooded, { priority: 'conversation' }))).toEqual({ allowed: true });
  });

  it('uses the email defaults for email', () => {
    expect(capDecision(sms([ago(HOUR)], { channel: 'email' }))).toEqual({ allowed: true });
    expect(capDecision(sms([ago(HOUR), ago(2 * HOUR)], { channel: 'email' })).allowed).toBe(false);
  });

  it('uses caps given by the caller', () => {
    const caps = { perDay: 3, perWeek: 10 };
    expect(capDecision(sms([ago(HOUR), ago(2 * HOUR)], { caps }))).toEqual({ allowed: true });
    expect(capDecision(sms([ago(HOUR), ago(2 * HOUR), ago(3 * HOUR)], { caps }))).toMatchObject({
      retryAt: new Date('2026-06-17T04:00:00Z'),
    });
  });

  it('refuses caps that could never allow a send, and unknown zones', () => {
    expect(() => capDecision(sms([], { caps: { perDay: 0, perWeek: 3 } }))).toThrow('caps.perDay must be a whole number of at least 1');
    expect(() => capDecision(sms([], { caps: { perDay: 1, perWeek: 2.5 } }))).toThrow(RangeError);
    expect(() => capDecision(sms([], { timezone: 'Mars/Olympus' }))).toThrow(/Unknown time zone/);
  });
});
