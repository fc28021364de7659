import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { rawBullmqNoopPerSecond, rawPgInsertRowsPerSecond } from './baselines';
import { prepareEnvironment } from './environment';
import { importRowsSeconds, listP95Ms, PeopleBench, seedGraduates } from './graduates';
import { median, round } from './stats';

interface Metric {
  value: number;
  unit: string;
  runs: number[];
}

interface Options {
  quick: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const outIndex = argv.indexOf('--out');
  return {
    quick: argv.includes('--quick'),
    out: resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : 'bench/results/latest.json'),
  };
}

/** Runs a scenario `rounds` times and keeps the median (a single run says little on 2 cores). */
async function measure(rounds: number, unit: string, scenario: (round: number) => Promise<number>): Promise<Metric> {
  const runs: number[] = [];
  for (let r = 0; r < rounds; r += 1) runs.push(round(await scenario(r)));
  return { value: round(median(runs)), unit, runs };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const size = options.quick
    ? { rounds: 1, jobs: 2_000, rows: 10_000, importRows: 1_000, listGraduates: 5_000, listRequests: 50 }
    : { rounds: 3, jobs: 20_000, rows: 200_000, importRows: 10_000, listGraduates: 100_000, listRequests: 200 };
  const env = await prepareEnvironment();
  const metrics: Record<string, Metric> = {};
  try {
    metrics.raw_bullmq_noop_per_s = await measure(size.rounds, 'jobs/s', (r) => rawBullmqNoopPerSecond(env, size.jobs, r));
    metrics.raw_pg_insert_rows_per_s = await measure(size.rounds, 'rows/s', (r) =>
      rawPgInsertRowsPerSecond(env, size.rows, r),
    );
    const people = await PeopleBench.start(env);
    try {
      metrics.import_10k_rows_s = await measure(size.rounds, 's', () => importRowsSeconds(people, size.importRows));
      const listActor = await people.newActor();
      await seedGraduates(people, listActor, size.listGraduates);
      metrics.graduates_list_p95_ms = await measure(size.rounds, 'ms', () => listP95Ms(people, listActor, size.listRequests));
    } finally {
      await people.close();
    }
  } finally {
    await env.cleanup();
  }

  const result = {
    machine: env.machine,
    mode: options.quick ? 'quick' : 'full',
    finishedAt: new Date().toISOString(),
    metrics: Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, { value: m.value, unit: m.unit, runs: m.runs }])),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);

  const rows = Object.entries(metrics).map(([name, m]) => `${name.padEnd(32)} ${String(m.value).padStart(12)} ${m.unit}`);
  process.stdout.write(`\nContinuum bench (${result.mode})\n${'metric'.padEnd(32)} ${'median'.padStart(12)} unit\n${rows.join('\n')}\n\nwrote ${options.out}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
