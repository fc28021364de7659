import { consentProblems, isConsentActive } from './consent-rules';

const now = new Date('2026-11-23T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('isConsentActive', () => {
  it('is false without a record', () => {
    expect(isConsentActive(null, now)).toBe(false);
  });

  it('is true for a grant without expiry, or before it expires', () => {
    expect(isConsentActive({ decision: 'granted', expiresAt: null }, now)).toBe(true);
    expect(isConsentActive({ decision: 'granted', expiresAt: days(1) }, now)).toBe(true);
  });

  it('is false the moment a grant expires', () => {
    const expiresAt = days(0);
    expect(isConsentActive({ decision: 'granted', expiresAt }, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(isConsentActive({ decision: 'granted', expiresAt }, expiresAt)).toBe(false);
  });

  it('is false after a revocation', () => {
    expect(isConsentActive({ decision: 'revoked', expiresAt: null }, now)).toBe(false);
  });
});

describe('consentProblems', () => {
  const grant = { decision: 'granted' as const, method: 'form' as const, shownText: 'You agree to receive check-ins by text.' };

  it('accepts a grant to the graduate with the text shown and no expiry', () => {
    expect(consentProblems({ ...grant, recipient: { type: 'graduate' } }, now)).toEqual([]);
  });

  it('needs the text shown for any grant', () => {
    expect(consentProblems({ ...grant, shownText: ' ', recipient: { type: 'graduate' } }, now)).toEqual([
      { field: 'shownText', reason: 'must hold the consent text the graduate saw or heard' },
    ]);
  });

  it('needs a description and an expiry within a year to share with a contact', () => {
    const recipient = { type: 'contact' as const, contactId: 'c1' };
    expect(consentProblems({ ...grant, recipient }, now)).toEqual([
      { field: 'description', reason: 'must say what may be shared with this contact' },
      { field: 'expiresAt', reason: 'is required for a consent to share with a contact' },
    ]);
    expect(consentProblems({ ...grant, recipient, description: 'Session dates', expiresAt: days(400) }, now)).toEqual([
      { field: 'expiresAt', reason: 'must be within 366 days' },
    ]);
    expect(consentProblems({ ...grant, recipient, description: 'Session dates', expiresAt: days(90) }, now)).toEqual([]);
  });

  it('refuses an expiry in the past', () => {
    expect(consentProblems({ ...grant, recipient: { type: 'graduate' }, expiresAt: days(-1) }, now)).toEqual([
      { field: 'expiresAt', reason: 'must be in the future' },
    ]);
  });

  it('asks nothing of a revocation: any reasonable means will do', () => {
    expect(consentProblems({ decision: 'revoked', method: 'sms_keyword', recipient: { type: 'contact', contactId: 'c1' } }, now)).toEqual([]);
  });
});
