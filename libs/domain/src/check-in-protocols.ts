import type { CheckInPlanDefinition } from './check-in-plans';

/**
 * A published (or house) cadence a program can start from. Templates never change once released:
 * a changed schedule is a new version, so plans built on `post-iop-taper@1` keep meaning what
 * they meant when a coordinator chose it. docs/protocols.md writes each schedule out.
 */
export interface ProtocolTemplate {
  key: string;
  version: number;
  name: string;
  /** Short citation of where the cadence comes from. */
  source: string;
  plan: Readonly<CheckInPlanDefinition>;
}

export const ProtocolKey = {
  PostIopTaper: 'post-iop-taper',
  Tmac: 'tmac',
  RmcAdaptive: 'rmc-adaptive',
  LuchtWeekly: 'lucht-weekly',
  DemoMinutes: 'demo-minutes',
} as const;
export type ProtocolKey = (typeof ProtocolKey)[keyof typeof ProtocolKey];

/**
 * 10:00 for every template: late enough not to wake anyone, and inside office hours so that an
 * answer asking for help reaches a coordinator the same day.
 */
const LOCAL_TIME = '10:00';

/** `from`, `from + step`, … up to and including `to`, as day offsets. */
function everyDays(step: number, from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = from; day <= to; day += step) days.push(day);
  return days;
}

const dayOffsets = (days: number[]): string[] => days.map((day) => `P${day}D`);

/** Day 1, 3, 7, 14, 21, 30; every 14 days to day 90 (44 … 86); then every 30 days to day 365 (116 … 356). */
const TAPER_DAYS = [1, 3, 7, 14, 21, 30, ...everyDays(14, 44, 90), ...everyDays(30, 116, 365)];

/** Weekly for 8 weeks (7 … 56), then every 15 days (twice a month) to day 365 (71 … 356). */
const TMAC_DAYS = [...everyDays(7, 7, 56), ...everyDays(15, 71, 365)];

function template(key: ProtocolKey, version: number, name: string, source: string, plan: CheckInPlanDefinition): ProtocolTemplate {
  const frozen = Object.freeze({
    ...plan,
    offsets: Object.freeze([...plan.offsets]) as string[],
    adaptive: plan.adaptive ? Object.freeze({ ...plan.adaptive }) : null,
  });
  return Object.freeze({ key, version, name, source, plan: frozen });
}

export const PROTOCOLS: readonly ProtocolTemplate[] = Object.freeze([
  template(
    ProtocolKey.PostIopTaper,
    1,
    'Post-IOP taper (one year)',
    'Continuum default: dense in the first weeks after discharge, when lapse risk is highest, sparser later',
    { offsets: dayOffsets(TAPER_DAYS), localTime: LOCAL_TIME, nudgeAfter: 'PT6H', missedAfter: 'P1D', silenceMeansContact: false, adaptive: null },
  ),
  template(
    ProtocolKey.Tmac,
    1,
    'Telephone monitoring cadence (TMAC)',
    'McKay, telephone continuing care (TMAC): weekly for about 8 weeks, then twice a month to about 12 months',
    { offsets: dayOffsets(TMAC_DAYS), localTime: LOCAL_TIME, nudgeAfter: 'P1D', missedAfter: 'P3D', silenceMeansContact: false, adaptive: null },
  ),
  template(
    ProtocolKey.RmcAdaptive,
    1,
    'Adaptive recovery checkups (RMC)',
    'Dennis & Scott, Recovery Management Checkups: linkage back to care on need; adaptive interval',
    {
      // Only the first check-in is fixed; each next one is previous offset + nextAdaptiveInterval.
      offsets: ['P7D'],
      localTime: LOCAL_TIME,
      nudgeAfter: 'PT6H',
      missedAfter: 'P1D',
      // RMC re-engages people it cannot reach rather than waiting for them.
      silenceMeansContact: true,
      adaptive: { closerFactor: 0.5, stretchFactor: 1.5, minInterval: 'P2D', maxInterval: 'P90D' },
    },
  ),
  template(
    ProtocolKey.LuchtWeekly,
    1,
    'Weekly "do you need help?" text (one year)',
    'Lucht et al., Addiction 2021: weekly SMS for a year; a "yes" or no reply led to a therapist call',
    { offsets: dayOffsets(everyDays(7, 7, 364)), localTime: LOCAL_TIME, nudgeAfter: 'P1D', missedAfter: 'P2D', silenceMeansContact: true, adaptive: null },
  ),
  template(
    ProtocolKey.DemoMinutes,
    1,
    'Demo (minutes)',
    'Continuum demo for newcomers: three check-ins in five minutes; not for graduates',
    { offsets: ['PT1M', 'PT3M', 'PT5M'], localTime: LOCAL_TIME, nudgeAfter: 'PT1M', missedAfter: 'PT2M', silenceMeansContact: false, adaptive: null },
  ),
]);

/** `post-iop-taper@1`: how a plan records the template it started from. */
export function protocolRef(template: Pick<ProtocolTemplate, 'key' | 'version'>): string {
  return `${template.key}@${template.version}`;
}

/** The template named by `key@version`, or undefined when there is none. */
export function findProtocol(ref: string): ProtocolTemplate | undefined {
  return PROTOCOLS.find((protocol) => protocolRef(protocol) === ref);
}
