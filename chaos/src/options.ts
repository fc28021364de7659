export interface ChaosOptions {
  /** Deliveries scheduled at once, one per graduate. */
  deliveries: number;
  /** Worker processes killed with SIGKILL (each is restarted at once). */
  kills: number;
  /** Seeds the fake's faults, the phone numbers and when the kills and the flush happen. */
  seed: number;
  /** Worker processes running side by side. */
  workers: number;
  /** Give up waiting for final states after this many seconds. */
  timeoutS: number;
  /** Keep the database and the worker logs (for a post-mortem). */
  keep: boolean;
}

const USAGE = `Usage: node dist/chaos/main.js [--deliveries N] [--kills K] [--seed S] [--workers W] [--timeout SECONDS] [--keep]`;

/** `--name value` or `--name=value`; unknown flags are refused so a typo cannot shrink a run silently. */
export function parseOptions(argv: string[]): ChaosOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (name === 'keep') {
      flags.add(name);
    } else if (['deliveries', 'kills', 'seed', 'workers', 'timeout'].includes(name)) {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
      values.set(name, value);
    } else {
      throw new Error(`unknown option --${name}\n${USAGE}`);
    }
  }
  const int = (name: string, fallback: number, min: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
    return value;
  };
  const deliveries = int('deliveries', 10_000, 1);
  return {
    deliveries,
    kills: int('kills', 10, 0),
    seed: int('seed', Math.floor(Math.random() * 2 ** 31), 0),
    workers: int('workers', 2, 1),
    // Generous: 10 deliveries a second (a shared 2-core machine manages 25 or more), plus two minutes for recovery.
    timeoutS: int('timeout', 120 + Math.ceil(deliveries / 10), 10),
    keep: flags.has('keep'),
  };
}
