import type { IANAZone } from 'luxon';

const MINUTE = 60_000;
/** Enough for every zone a deployment serves, at the minutes one batch of work asks about. */
const REMEMBERED = 10_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at `ms`, remembered per zone and minute. Luxon asks `Intl` on
 * every call (the costliest step of placing a check-in or checking quiet hours), and a batch of
 * work asks about the same few zones at the same minutes again and again. Offsets change only on
 * whole minutes in the time zone database for every instant this code places (since 1972).
 */
export function zoneOffset(zone: IANAZone, ms: number): number {
  const key = `${zone.name}@${Math.floor(ms / MINUTE)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zone.offset(ms);
    if (offsets.size >= REMEMBERED) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}
