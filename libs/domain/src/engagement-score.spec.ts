import { engagementScore } from './engagement-score';

const asOf = new Date('2027-04-01T00:00:00Z');
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);

describe('engagementScore', () => {
  it('is the decayed weighted sum over 30 days, scaled so 12 is 100', () => {
    // 3 (answered today) + 4 × 0.5 (attended 14 days ago) + 3 × 0.25 (answered 28 days ago) = 5.75 → 47.9
    const events = [
      { kind: 'check_in.answered', occurredAt: daysAgo(0) },
      { kind: 'meeting.attended', occurredAt: daysAgo(14) },
      { kind: 'check_in.answered', occurredAt: daysAgo(28) },
    ];
    expect(engagementScore(events, asOf)).toBe(47.9);
  });

  it('ignores what we sent, what lies outside the window and what is still to come', () => {
    const events = [
      { kind: 'message.delivered', occurredAt: daysAgo(1) },
      { kind: 'check_in.missed', occurredAt: daysAgo(1) },
      { kind: 'check_in.answered', occurredAt: daysAgo(30) },
      { kind: 'check_in.answered', occurredAt: daysAgo(-1) },
    ];
    expect(engagementScore(events, asOf)).toBe(0);
  });

  it('stops at 100', () => {
    const events = Array.from({ length: 10 }, () => ({ kind: 'meeting.attended', occurredAt: daysAgo(0) }));
    expect(engagementScore(events, asOf)).toBe(100);
  });
});
