import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { rawBullmqNoopPerSecond, rawPgInsertRowsPerSecond } from './baselines';
import { answerToAlertP99Ms, CheckInBench, enrolSeconds } from './check-ins';
import { backlogDrainRatio, DeliveryBench, dispatchPerSecond, latenessP99Ms } from './delivery';
import { cohortReportP95Ms, csvExportSeconds, EngagementBench, nightlyRollupSeconds, timelineP95Ms } from './engagement';
import { prepareEnvironment } from './environment';
import { checkInSubmitLoad, graduatesListLoad, loadRuns, p99Of, rateOf, timelineLoad } from './http-load';
import { importRowsSeconds, listP95Ms, PeopleBench, seedGraduates } from './graduates';
import { inviteAlumniSeconds, meetingsBench } from './meetings';
import { broadcastBench, broadcastSeconds, WorklistBench, worklistP95Ms } from './outreach';
import { median, round } from './stats';

interface Metric {
  value: number;
  unit: string;
  runs: number[];
  /** Per run, what else the scenario measured (counts, seconds, other percentiles). */
  details?: Record<string, number>[];
}

type Outcome = number | { value: number; details: Record<string, number> };

interface Options {
  quick: boolean;
  out: string;
  /** `--only a,b`: run only the scenarios of these metrics (backlog_drain_ratio brings dispatch_per_s along). */
  only: string[] | null;
  /** `--size name=value,…`: overrides of the mode's sizes (numbers only), e.g. `backlog=20000,backlogRounds=1`. */
  sizes: Record<string, number>;
}

function parseArgs(argv: string[]): Options {
  const outIndex = argv.indexOf('--out');
  const onlyIndex = argv.indexOf('--only');
  const sizeIndex = argv.indexOf('--size');
  const sizes = Object.fromEntries(
    (sizeIndex >= 0 && argv[sizeIndex + 1] ? argv[sizeIndex + 1].split(',') : []).map((pair) => {
      const [name, value] = pair.split('=');
      if (!name || !Number.isFinite(Number(value))) throw new Error(`--size: expected name=number, got "${pair}"`);
      return [name, Number(value)];
    }),
  );
  return {
    sizes,
    only: onlyIndex >= 0 && argv[onlyIndex + 1] ? argv[onlyIndex + 1].split(',') : null,
    quick: argv.includes('--quick'),
    out: resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : 'bench/results/latest.json'),
  };
}

/** Runs a scenario `rounds` times and keeps the median (a single run says little on 2 cores). */
async function measure(rounds: number, unit: string, scenario: (round: number) => Promise<Outcome>): Promise<Metric> {
  const runs: number[] = [];
  const details: Record<string, number>[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const outcome = await scenario(r);
    if (typeof outcome === 'number') {
      runs.push(round(outcome));
    } else {
      runs.push(round(outcome.value));
      details.push(Object.fromEntries(Object.entries(outcome.details).map(([k, v]) => [k, round(v)])));
    }
  }
  return { value: round(median(runs)), unit, runs, ...(details.length ? { details } : {}) };
}

/** Runs a delivery scenario on an engine of its own (own Nest context, Redis prefix and worker), closed after. */
async function withDelivery<T>(open: () => Promise<DeliveryBench>, use: (bench: DeliveryBench) => Promise<T>): Promise<T> {
  const bench = await open();
  try {
    return await use(bench);
  } finally {
    await bench.close();
  }
}

const loadAverage = () => loadavg().map((l) => round(l));

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const defaults = options.quick
    ? {
        rounds: 1,
        jobs: 2_000,
        rows: 10_000,
        importRows: 1_000,
        listGraduates: 5_000,
        listRequests: 50,
        dispatch: 300,
        dispatchHttp: 100,
        latenessPerSecond: 200,
        latenessSeconds: 2,
        latenessRounds: 1,
        backlog: 1_000,
        backlogRounds: 1,
        enrolGraduates: 200,
        answers: 20,
        inviteAlumni: 300,
        broadcastRecipients: 300,
        worklistGraduates: 200,
        worklistEvents: 10_000,
        worklistRequests: 20,
        engagementGraduates: 500,
        engagementEvents: 20_000,
        timelineRequests: 50,
        reportRequests: 20,
        csvRows: 5_000,
        loadSeconds: 2,
        loadConnections: 10,
        loadAnswers: 200,
        concurrency: 100,
        poolSize: 10,
      }
    : {
        rounds: 3,
        jobs: 20_000,
        rows: 200_000,
        importRows: 10_000,
        listGraduates: 100_000,
        listRequests: 200,
        dispatch: 10_000,
        dispatchHttp: 3_000,
        // The sizes the delivery issue names: 2,000/s coming due for 10 s, and a backlog of
        // 100,000, one round each (about 1.5 minutes together at ~2,000 deliveries/s on 2 cores).
        latenessPerSecond: 2_000,
        latenessSeconds: 10,
        latenessRounds: 1,
        backlog: 100_000,
        backlogRounds: 1,
        enrolGraduates: 10_000,
        answers: 300,
        inviteAlumni: 5_000,
        // The outreach issue's sizes: a broadcast to 10,000; a caseload of 2,000 with 200,000 events.
        broadcastRecipients: 10_000,
        worklistGraduates: 2_000,
        worklistEvents: 200_000,
        worklistRequests: 200,
        // The engagement issue's sizes: 10,000 graduates of one organisation, 1,000,000 events over a year.
        engagementGraduates: 10_000,
        engagementEvents: 1_000_000,
        timelineRequests: 300,
        reportRequests: 200,
        csvRows: 100_000,
        // HTTP load (autocannon): 10 s per GET endpoint at 10 connections, 3,000 form answers.
        loadSeconds: 10,
        loadConnections: 10,
        loadAnswers: 3_000,
        concurrency: 100,
        poolSize: 10,
      };
  for (const name of Object.keys(options.sizes)) {
    if (!(name in defaults)) throw new Error(`--size: no size named "${name}" (${Object.keys(defaults).join(', ')})`);
  }
  const size = { ...defaults, ...options.sizes };
  // The backlog's figures are divided by dispatch_http_per_s of the same run, so asking for them brings it along.
  const backlogFigures = ['backlog_drain_ratio', 'worker_peak_rss_mb'];
  const wants = (metric: string) =>
    !options.only || options.only.includes(metric) || (metric === 'dispatch_http_per_s' && backlogFigures.some((name) => options.only?.includes(name)));
  const shape = { concurrency: size.concurrency, poolSize: size.poolSize };
  const loadAtStart = loadAverage();
  const env = await prepareEnvironment();
  const metrics: Record<string, Metric> = {};
  try {
    if (wants('raw_bullmq_noop_per_s')) {
      metrics.raw_bullmq_noop_per_s = await measure(size.rounds, 'jobs/s', (r) => rawBullmqNoopPerSecond(env, size.jobs, r));
    }
    if (wants('raw_pg_insert_rows_per_s')) {
      metrics.raw_pg_insert_rows_per_s = await measure(size.rounds, 'rows/s', (r) => rawPgInsertRowsPerSecond(env, size.rows, r));
    }
    if (wants('import_10k_rows_s') || wants('graduates_list_p95_ms')) {
      const people = await PeopleBench.start(env);
      try {
        if (wants('import_10k_rows_s')) {
          metrics.import_10k_rows_s = await measure(size.rounds, 's', () => importRowsSeconds(people, size.importRows));
        }
        if (wants('graduates_list_p95_ms')) {
          const listActor = await people.newActor();
          await seedGraduates(people, listActor, size.listGraduates);
          metrics.graduates_list_p95_ms = await measure(size.rounds, 'ms', () => listP95Ms(people, listActor, size.listRequests));
        }
      } finally {
        await people.close();
      }
    }
    if (wants('enrol_10k_graduates_s') || wants('answer_to_alert_p99_ms')) {
      const checkIns = await CheckInBench.start(env);
      try {
        if (wants('enrol_10k_graduates_s')) {
          metrics.enrol_10k_graduates_s = await measure(size.rounds, 's', () => enrolSeconds(checkIns, size.enrolGraduates));
        }
        if (wants('answer_to_alert_p99_ms')) {
          metrics.answer_to_alert_p99_ms = await measure(size.rounds, 'ms', () => answerToAlertP99Ms(checkIns, size.answers));
        }
      } finally {
        await checkIns.close();
      }
    }
    if (wants('dispatch_per_s')) {
      metrics.dispatch_per_s = await withDelivery(
        () => DeliveryBench.counting(env, 'dispatch', shape),
        (bench) => measure(size.rounds, 'deliveries/s', () => dispatchPerSecond(bench, size.dispatch)),
      );
    }
    if (wants('dispatch_http_per_s')) {
      metrics.dispatch_http_per_s = await withDelivery(
        () => DeliveryBench.twilio(env, 'dispatch_http', shape),
        (bench) => measure(size.rounds, 'deliveries/s', () => dispatchPerSecond(bench, size.dispatchHttp)),
      );
    }
    if (wants('invite_5k_alumni_s')) {
      metrics.invite_5k_alumni_s = await withDelivery(
        () => meetingsBench(env, shape),
        (bench) => measure(size.rounds, 's', () => inviteAlumniSeconds(bench, size.inviteAlumni)),
      );
    }
    if (wants('broadcast_10k_s')) {
      metrics.broadcast_10k_s = await withDelivery(
        () => broadcastBench(env, shape),
        (bench) => measure(size.rounds, 's', () => broadcastSeconds(bench, size.broadcastRecipients)),
      );
    }
    if (wants('lateness_p99_ms')) {
      metrics.lateness_p99_ms = await withDelivery(
        () => DeliveryBench.counting(env, 'lateness', shape),
        (bench) => measure(size.latenessRounds, 'ms', () => latenessP99Ms(bench, size.latenessPerSecond, size.latenessSeconds)),
      );
    }
    if (wants('backlog_drain_ratio') || wants('worker_peak_rss_mb')) {
      // The built worker drains the backlog in a process of its own, through the Twilio client to
      // the fake: divided by the same run's dispatch_http_per_s (same transport, same fake), as a
      // ratio survives a noisy machine; and the worker's peak resident memory, from the same drain.
      const dispatchRate = metrics.dispatch_http_per_s.value;
      const backlog = await withDelivery(
        () => DeliveryBench.workerProcess(env, 'backlog', shape),
        (bench) => measure(size.backlogRounds, 'ratio', () => backlogDrainRatio(bench, size.backlog, dispatchRate)),
      );
      metrics.backlog_drain_ratio = backlog;
      const peaks = (backlog.details ?? []).map((d) => d.worker_peak_rss_mb);
      metrics.worker_peak_rss_mb = { value: round(median(peaks)), unit: 'MB', runs: peaks.map((p) => round(p)), details: backlog.details };
    }
    if (wants('worklist_p95_ms')) {
      const worklist = await WorklistBench.start(env, { graduates: size.worklistGraduates, events: size.worklistEvents });
      try {
        metrics.worklist_p95_ms = await measure(size.rounds, 'ms', () => worklistP95Ms(worklist, size.worklistRequests));
      } finally {
        await worklist.close();
      }
    }
    // Last: a million events in the run's database would weigh on the scenarios above.
    const loadFigures = {
      list: ['http_graduates_list_rps', 'http_graduates_list_p99_ms'].some(wants),
      timeline: ['http_timeline_rps', 'http_timeline_p99_ms'].some(wants),
      submit: ['http_checkin_submit_rps', 'http_checkin_submit_p99_ms'].some(wants),
    };
    const overHttp = ['timeline_p95_ms', 'cohort_report_p95_ms', 'csv_export_100k_s'].some(wants) || Object.values(loadFigures).some(Boolean);
    if (overHttp || wants('nightly_rollup_s')) {
      const engagement = await EngagementBench.start(env, {
        graduates: size.engagementGraduates,
        events: size.engagementEvents,
        nightlyDays: size.rounds,
        http: overHttp,
      });
      try {
        if (wants('nightly_rollup_s')) {
          metrics.nightly_rollup_s = await measure(size.rounds, 's', (r) => nightlyRollupSeconds(engagement, r));
        }
        // The reports read the rollup tables up to yesterday.
        await engagement.rollUpToYesterday();
        if (wants('timeline_p95_ms')) {
          metrics.timeline_p95_ms = await measure(size.rounds, 'ms', (r) => timelineP95Ms(engagement, size.timelineRequests, r));
        }
        if (wants('cohort_report_p95_ms')) {
          metrics.cohort_report_p95_ms = await measure(size.rounds, 'ms', () => cohortReportP95Ms(engagement, size.reportRequests));
        }
        if (wants('csv_export_100k_s')) {
          metrics.csv_export_100k_s = await measure(size.rounds, 's', () => csvExportSeconds(engagement, size.csvRows));
        }
        // Under load (autocannon, `loadConnections` at once); a rate and a p99 from the same runs.
        const load = { seconds: size.loadSeconds, connections: size.loadConnections };
        if (loadFigures.list) {
          const runs = await loadRuns(size.rounds, () => graduatesListLoad(engagement, load));
          metrics.http_graduates_list_rps = await measure(size.rounds, 'req/s', async (r) => rateOf(runs[r]));
          metrics.http_graduates_list_p99_ms = await measure(size.rounds, 'ms', async (r) => p99Of(runs[r]));
        }
        if (loadFigures.timeline) {
          const runs = await loadRuns(size.rounds, (r) => timelineLoad(engagement, load, r));
          metrics.http_timeline_rps = await measure(size.rounds, 'req/s', async (r) => rateOf(runs[r]));
          metrics.http_timeline_p99_ms = await measure(size.rounds, 'ms', async (r) => p99Of(runs[r]));
        }
        if (loadFigures.submit) {
          // Last: the answers add check-in rows and events the other figures would read. Not timed.
          const tokens = await engagement.answerTokens(env, size.rounds * size.loadAnswers);
          const share = (r: number) => tokens.slice(r * size.loadAnswers, (r + 1) * size.loadAnswers);
          const runs = await loadRuns(size.rounds, (r) => checkInSubmitLoad(engagement, load, share(r)));
          metrics.http_checkin_submit_rps = await measure(size.rounds, 'req/s', async (r) => rateOf(runs[r]));
          metrics.http_checkin_submit_p99_ms = await measure(size.rounds, 'ms', async (r) => p99Of(runs[r]));
        }
      } finally {
        await engagement.close();
      }
    }
  } finally {
    await env.cleanup();
  }

  const result = {
    machine: env.machine,
    mode: options.quick ? 'quick' : 'full',
    finishedAt: new Date().toISOString(),
    /** 1-, 5- and 15-minute load averages when the run started and ended: on 2 cores, anything above ~1 moves the figures. */
    load: { start: loadAtStart, end: loadAverage() },
    sizes: size,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([name, m]) => [name, { value: m.value, unit: m.unit, runs: m.runs, ...(m.details ? { details: m.details } : {}) }]),
    ),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);

  const rows = Object.entries(metrics).map(([name, m]) => `${name.padEnd(32)} ${String(m.value).padStart(12)} ${m.unit.padEnd(13)} ${m.runs.join(' / ')}`);
  process.stdout.write(
    `\nContinuum bench (${result.mode})\n${'metric'.padEnd(32)} ${'median'.padStart(12)} ${'unit'.padEnd(13)} runs\n${rows.join('\n')}\n\n` +
      `load average ${result.load.start.join(' ')} at start, ${result.load.end.join(' ')} at end (${env.machine.cpus} cpus)\nwrote ${options.out}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
