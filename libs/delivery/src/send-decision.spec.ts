import { decideSend, type SendFacts } from './send-decision';

const noonUtc = new Date('2026-11-23T12:00:00Z');
const facts = (overrides: Partial<SendFacts> = {}, recipient: Partial<SendFacts['recipient']> = {}): SendFacts => ({
  now: noonUtc,
  channel: 'sms',
  priority: 'routine',
  notAfter: null,
  consentActive: true,
  recentSends: [],
  orgSentToday: 0,
  settings: { quietHours: { start: '21:00', end: '08:00' }, caps: { sms: { perDay: 1, perWeek: 3 }, email: { perDay: 2, perWeek: 7 } }, orgDailyCap: 100 },
  ...overrides,
  recipient: { staff: false, graduateStatus: 'active', present: true, address: '+13125550101', timezone: 'UTC', contactHours: null, ...recipient },
});

describe('decideSend', () => {
  it('sends a routine message that passes every rule', () => {
    expect(decideSend(facts())).toEqual({ action: 'send' });
  });

  it.each([
    ['the message is no longer wanted', facts({ notAfter: noonUtc }), 'expired'],
    ['the contact was removed', facts({}, { present: false }), 'recipient_removed'],
    ['the graduate withdrew', facts({}, { graduateStatus: 'withdrawn' }), 'recipient_inactive'],
    ['the graduate is paused', facts({}, { graduateStatus: 'paused' }), 'recipient_inactive'],
    ['there is no address', facts({}, { address: null }), 'no_address'],
    ['consent is not active now', facts({ consentActive: false }), 'no_consent'],
  ])('cancels when %s', (_why, input, reason) => {
    expect(decideSend(input)).toEqual({ action: 'cancel', reason });
  });

  it('defers to 08:00 local in quiet hours, and cancels when that is too late', () => {
    const night = facts({}, { timezone: 'America/Chicago' }); // 06:00 in Chicago
    expect(decideSend(night)).toEqual({ action: 'defer', until: new Date('2026-11-23T14:00:00Z'), reason: 'quiet_hours' });
    expect(decideSend({ ...night, notAfter: new Date('2026-11-23T13:00:00Z') })).toEqual({ action: 'cancel', reason: 'expired' });
  });

  it('respects the graduate’s own contact hours', () => {
    expect(decideSend(facts({}, { contactHours: { start: '17:00', end: '20:00' } }))).toEqual({
      action: 'defer',
      until: new Date('2026-11-23T17:00:00Z'),
      reason: 'quiet_hours',
    });
  });

  it('defers past the daily cap to the next local day', () => {
    const decision = decideSend(facts({ recentSends: [new Date('2026-11-23T09:00:00Z')] }));
    expect(decision).toEqual({ action: 'defer', until: new Date('2026-11-24T00:00:00Z'), reason: 'recipient_cap' });
  });

  it('holds everything routine once the organisation reached its daily cap', () => {
    expect(decideSend(facts({ orgSentToday: 100 }))).toEqual({ action: 'defer', until: new Date('2026-11-24T00:00:00Z'), reason: 'organisation_cap' });
  });

  it('sends urgent messages at once: quiet hours, caps and the organisation cap do not hold them', () => {
    const urgent = facts({ priority: 'urgent', recentSends: [noonUtc, noonUtc, noonUtc], orgSentToday: 1_000 }, { timezone: 'America/Chicago', graduateStatus: 'paused' });
    expect(decideSend(urgent)).toEqual({ action: 'send' });
    expect(decideSend({ ...urgent, consentActive: false })).toEqual({ action: 'cancel', reason: 'no_consent' });
  });

  it('pages a staff member about a withdrawn graduate without consent, urgently in quiet hours', () => {
    const page = facts({ priority: 'urgent', consentActive: false, now: new Date('2026-11-23T03:00:00Z') }, { staff: true, graduateStatus: 'withdrawn' });
    expect(decideSend(page)).toEqual({ action: 'send' });
  });

  it('cancels a page to a disabled staff member or one without an address', () => {
    expect(decideSend(facts({ priority: 'urgent' }, { staff: true, present: false }))).toEqual({ action: 'cancel', reason: 'recipient_removed' });
    expect(decideSend(facts({ priority: 'urgent' }, { staff: true, address: null }))).toEqual({ action: 'cancel', reason: 'no_address' });
  });
});
