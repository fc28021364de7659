import { planProblems } from './check-in-plans';
import { findProtocol, PROTOCOLS, protocolRef } from './check-in-protocols';
import { materialiseCheckIns } from './check-in-schedule';

const days = (offsets: readonly string[]) => offsets.map((offset) => Number(/^P(\d+)D$/.exec(offset)?.[1]));
const plan = (ref: string) => {
  const protocol = findProtocol(ref);
  if (!protocol) throw new Error(`no ${ref}`);
  return protocol.plan;
};

describe('PROTOCOLS', () => {
  it('holds the five versioned templates, each once', () => {
    expect(PROTOCOLS.map(protocolRef)).toEqual(['post-iop-taper@1', 'tmac@1', 'rmc-adaptive@1', 'lucht-weekly@1', 'demo-minutes@1']);
  });

  it.each(PROTOCOLS.map((p) => [protocolRef(p), p] as const))('%s is a valid plan with a name and a source', (_, protocol) => {
    expect(planProblems(protocol.plan)).toEqual([]);
    expect(protocol.name).not.toBe('');
    expect(protocol.source).not.toBe('');
  });

  it('tapers after IOP: dense in the first month, fortnightly to day 90, then every 30 days to a year', () => {
    expect(days(plan('post-iop-taper@1').offsets)).toEqual([1, 3, 7, 14, 21, 30, 44, 58, 72, 86, 116, 146, 176, 206, 236, 266, 296, 326, 356]);
  });

  it('follows TMAC: weekly for 8 weeks, then every 15 days to day 365', () => {
    const tmac = days(plan('tmac@1').offsets);
    expect(tmac.slice(0, 8)).toEqual([7, 14, 21, 28, 35, 42, 49, 56]);
    expect(tmac.slice(8).map((day, i) => day - tmac[i + 7])).toEqual(Array(20).fill(15));
    expect(tmac[tmac.length - 1]).toBe(356);
  });

  it('starts RMC weekly and adapts: half on need (at least 2 days), ×1.5 otherwise (at most 90 days)', () => {
    const rmc = plan('rmc-adaptive@1');
    expect(rmc.offsets).toEqual(['P7D']);
    expect(rmc.adaptive).toEqual({ closerFactor: 0.5, stretchFactor: 1.5, minInterval: 'P2D', maxInterval: 'P90D' });
  });

  it('texts Lucht\'s question weekly for a year, and treats silence as a reason to call', () => {
    const lucht = plan('lucht-weekly@1');
    expect(days(lucht.offsets)).toEqual(Array.from({ length: 52 }, (_, i) => 7 * (i + 1)));
    expect(lucht.silenceMeansContact).toBe(true);
  });

  it('runs the demo in minutes', () => {
    expect(plan('demo-minutes@1')).toMatchObject({ offsets: ['PT1M', 'PT3M', 'PT5M'], nudgeAfter: 'PT1M', missedAfter: 'PT2M' });
  });

  it('cannot be changed in place: a new cadence must be a new version', () => {
    const taper = plan('post-iop-taper@1');
    expect(() => (taper.offsets as string[]).push('P400D')).toThrow(TypeError);
    expect(() => Object.assign(taper, { localTime: '03:00' })).toThrow(TypeError);
    expect(taper.offsets).toHaveLength(19);
  });

  it('finds templates by key@version only', () => {
    expect(findProtocol('tmac@1')?.key).toBe('tmac');
    expect(findProtocol('tmac@2')).toBeUndefined();
    expect(findProtocol('tmac')).toBeUndefined();
  });

  it('materialises a whole year of the taper at 10:00 New York time', () => {
    const checkIns = materialiseCheckIns({
      plan: plan('post-iop-taper@1'),
      dischargeDate: '2026-01-15',
      timezone: 'America/New_York',
      now: new Date('2026-01-15T00:00:00Z'),
      enrolledAt: new Date('2026-01-15T00:00:00Z'),
    });
    expect(checkIns).toHaveLength(19);
    const local = checkIns.map((c) => c.dueAt.toLocaleString('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false }));
    expect(new Set(local)).toEqual(new Set(['10:00']));
  });
});
