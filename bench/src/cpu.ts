import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by this process, and by every Postgres and Redis server process of the machine. */
export interface CpuSnapshot {
  node: number;
  postgres: number;
  redis: number;
}

/** Kernel clock ticks a second (`getconf CLK_TCK`): 100 on every Linux Node runs on. */
const CLOCK_TICKS = 100;

/**
 * What this process and the machine's Postgres and Redis have used so far, read from `/proc`
 * (Linux; null elsewhere). Postgres and Redis are the machine's own and the bench's the only load
 * on them, so the difference of two snapshots is what a scenario cost them: a figure that, unlike
 * a rate, hardly moves when the machine is busy with something else.
 */
export function cpuSnapshot(): CpuSnapshot | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const own = process.cpuUsage();
  const snapshot: CpuSnapshot = { node: (own.user + own.system) / 1e6, postgres: 0, redis: 0 };
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // pid (comm) state ppid … : comm may hold spaces, so the fields are counted after its ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const server = comm === 'postgres' ? 'postgres' : comm.startsWith('redis-server') ? 'redis' : null;
    if (!server) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after comm (state is the first).
    snapshot[server] += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }
  return snapshot;
}

/**
 * Microseconds of CPU per unit of work between two snapshots, per side. Postgres processes that
 * ended in between (a pool's connections closed) take their time with them, so the figure can
 * only be low, never high, and the scenarios read both snapshots while their pools are open.
 */
export function cpuMicrosPer(before: CpuSnapshot | null, after: CpuSnapshot | null, units: number): Record<string, number> {
  if (!before || !after || units <= 0) return {};
  const per = (seconds: number) => Math.round((seconds * 1e6) / units);
  const node = per(after.node - before.node);
  const postgres = per(after.postgres - before.postgres);
  const redis = per(after.redis - before.redis);
  return { cpu_us_node: node, cpu_us_postgres: postgres, cpu_us_redis: redis, cpu_us_total: node + postgres + redis };
}
