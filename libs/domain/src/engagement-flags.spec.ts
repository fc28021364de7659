import { type AtRiskFacts, atRiskFlags } from './engagement-flags';

const asOf = new Date('2027-04-01T00:00:00Z');
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);
const calm: AtRiskFacts = { lastTwoCheckIns: ['answered', 'missed'], score: 40, peakScore14d: 50, lastTouchAt: daysAgo(3), followedSince: daysAgo(60), lastEscalationAt: daysAgo(8) };

describe('atRiskFlags', () => {
  it('raises nothing for a graduate who is in touch', () => {
    expect(atRiskFlags(calm, asOf)).toEqual([]);
  });

  it('flags two missed check-ins in a row', () => {
    expect(atRiskFlags({ ...calm, lastTwoCheckIns: ['missed', 'missed'] }, asOf).map((f) => f.rule)).toEqual(['missed_twice']);
  });

  it('flags a score that fell by more than half of its 14-day peak, when the peak meant something', () => {
    expect(atRiskFlags({ ...calm, score: 24, peakScore14d: 50 }, asOf)).toEqual([{ rule: 'score_drop', reason: 'engagement score fell from 50 to 24 within 14 days' }]);
    expect(atRiskFlags({ ...calm, score: 25, peakScore14d: 50 }, asOf)).toEqual([]);
    expect(atRiskFlags({ ...calm, score: 2, peakScore14d: 15 }, asOf)).toEqual([]);
  });

  it('flags 21 days without a touchpoint, counting from when follow-up began for someone never heard from', () => {
    expect(atRiskFlags({ ...calm, lastTouchAt: daysAgo(21) }, asOf)).toEqual([{ rule: 'no_touch_21d', reason: 'no touchpoint for 21 days' }]);
    expect(atRiskFlags({ ...calm, lastTouchAt: daysAgo(20.9) }, asOf)).toEqual([]);
    expect(atRiskFlags({ ...calm, lastTouchAt: null, followedSince: daysAgo(10) }, asOf)).toEqual([]);
    expect(atRiskFlags({ ...calm, lastTouchAt: null, followedSince: daysAgo(30) }, asOf)[0]).toMatchObject({ rule: 'no_touch_21d' });
  });

  it('flags an escalation in the last 7 days', () => {
    expect(atRiskFlags({ ...calm, lastEscalationAt: daysAgo(6.9) }, asOf).map((f) => f.rule)).toEqual(['recent_escalation']);
  });
});
