import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeTwilio, mulberry32 } from '@continuum/testing';
import { ChaosEnvironment, scheduleDeliveries, seedPeople, usPhones, WORKER_SETTINGS } from './environment';
import { type ChaosOptions, parseOptions } from './options';
import { evidence, FINAL_STATUSES, providerSummary, tally } from './report';
import { WorkerPool } from './workers';

/** Fault rates of the fake Twilio: 1% answered 500, 1% taken but never answered (the client times out). */
const FAULTS = { error500: 0.01, acceptThenTimeout: 0.01 };
const POLL_MS = 200;
/** A worker is killed only once it has been up this long, so kills land on workers doing work. */
const MIN_UP_MS = 1_500;
/** After the last kill and the flush, give up when no delivery has become final for this long. */
const STALL_MS = 60_000;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/**
 * Issue #4's proof: N deliveries in flight while worker processes are SIGKILLed and restarted,
 * Redis loses every job once, and Twilio (a local fake) answers 1% 500s and leaves 1% accepted
 * but unanswered. At the end every delivery must be final, and the provider must have received
 * each one at most once. The last line is machine-readable; exit 0 only when nothing was lost,
 * duplicated or marked sent without arriving.
 */
async function run(options: ChaosOptions): Promise<boolean> {
  const started = Date.now();
  const random = mulberry32(options.seed);
  const twilio = new FakeTwilio();
  twilio.setRandomFaults(FAULTS, options.seed);
  const { baseUrl } = await twilio.start();
  const credentials = { accountSid: twilio.accountSid, authToken: twilio.authToken, baseUrl };
  const env = await ChaosEnvironment.create(credentials);
  const logDir = mkdtempSync(join(tmpdir(), `continuum-chaos-${env.runId}-`));
  const pool = new WorkerPool(resolve('dist/apps/worker/main.js'), env.workerEnv(credentials), options.workers, logDir);
  let ok = false;
  try {
    say(
      `chaos: seed ${options.seed}, ${options.deliveries} deliveries, ${options.workers} workers, ${options.kills} kills, 1 Redis flush\n` +
        `  database ${new URL(env.databaseUrl).pathname.slice(1)}, queue prefix ${env.prefix}, worker logs in ${logDir}`,
    );
    const phones = usPhones(options.deliveries, random);
    const { organisationId, graduateIds } = await seedPeople(env.dataSource, phones);
    say(`  seeded ${graduateIds.length} graduates with SMS consent (${seconds(Date.now() - started)})`);

    pool.start();
    const chaosStarted = Date.now();
    const created = await scheduleDeliveries(env.scheduler, organisationId, graduateIds);
    say(`  scheduled ${created} deliveries through DeliveryScheduler.schedule (${seconds(Date.now() - chaosStarted)})`);

    // Kills and the flush happen at random points of the run's progress (final deliveries), so
    // they land while work is in flight however fast this machine is.
    const killAt = Array.from({ length: options.kills }, () => Math.floor((0.05 + 0.8 * random()) * options.deliveries)).sort((a, b) => a - b);
    const flushAt = Math.floor((0.3 + 0.3 * random()) * options.deliveries);
    let kills = 0;
    let flushes = 0;
    let final = 0;
    let lastProgress = Date.now();
    let lastReport = Date.now();
    const deadline = chaosStarted + options.timeoutS * 1_000;
    for (;;) {
      const [{ done }]: { done: string }[] = await env.dataSource.query(
        `SELECT count(*) AS done FROM delivery WHERE organisation_id = $1 AND status = ANY($2::text[])`,
        [organisationId, FINAL_STATUSES],
      );
      if (Number(done) !== final) lastProgress = Date.now();
      final = Number(done);
      if (kills < killAt.length && final >= killAt[kills] && (await pool.killRandom(random, MIN_UP_MS))) {
        kills += 1;
        say(`  ${seconds(Date.now() - chaosStarted)}: SIGKILL ${kills}/${options.kills} at ${final} final; worker restarted`);
      }
      if (flushes === 0 && final >= flushAt) {
        await env.flushRedis();
        flushes += 1;
        say(`  ${seconds(Date.now() - chaosStarted)}: flushed every ${env.prefix}* key from Redis at ${final} final`);
      }
      const chaosDone = kills === killAt.length && flushes === 1;
      if (final >= created && chaosDone) break;
      if (Date.now() > deadline) {
        say(`  timed out after ${options.timeoutS} s`);
        break;
      }
      if (chaosDone && Date.now() - lastProgress > STALL_MS) {
        say(`  no delivery became final for ${STALL_MS / 1_000} s; stopping`);
        break;
      }
      if (Date.now() - lastReport >= 5_000) {
        lastReport = Date.now();
        say(`  ${seconds(Date.now() - chaosStarted)}: ${final}/${created} final`);
      }
      await sleep(POLL_MS);
    }
    const elapsed = Date.now() - chaosStarted;
    // A send still in flight when its row went final would land within the client's timeout.
    await sleep(2 * Number(WORKER_SETTINGS.TWILIO_TIMEOUT_MS));

    const t = await tally(env.dataSource, organisationId, twilio);
    const status = Object.entries(t.byStatus).map(([s, n]) => `${s} ${n}`).join(', ');
    const errors = Object.entries(t.byError).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    say(`  all final after ${seconds(elapsed)} (${Math.round((t.final / Math.max(elapsed, 1)) * 1_000)} deliveries/s with the chaos)`);
    say(`  by status: ${status}; failed/cancelled by code: ${errors}`);
    say(`  resent once after a lookup found nothing: ${t.resent}; claimed more than once: ${t.retried}`);
    say(`  provider: ${providerSummary(twilio)}`);
    if (t.receivedButNotSent.length) say(`  received at the provider although failed or cancelled: ${t.receivedButNotSent.length}`);
    if (t.strays.length) say(`  messages to numbers of no delivery: ${t.strays.length}`);
    for (const crash of pool.crashes) say(`  a worker died on its own (code ${crash.code}, signal ${crash.signal}):\n${crash.log}`);
    const problems = evidence(t, twilio);
    if (problems.length) say(`  evidence:\n${problems.join('\n')}`);
    if (kills < options.kills || flushes !== 1) say(`  the chaos did not all happen: ${kills}/${options.kills} kills, ${flushes}/1 flushes`);
    say(`  total ${seconds(Date.now() - started)}`);
    ok = t.lost.length === 0 && t.duplicates.length === 0 && t.missing.length === 0 && kills === options.kills && flushes === 1;
    say(
      `chaos: deliveries=${t.total} final=${t.final} lost=${t.lost.length} duplicates=${t.duplicates.length} missing=${t.missing.length} kills=${kills} redis_flushes=${flushes}`,
    );
    return ok;
  } finally {
    await pool.stop();
    await twilio.stop();
    await env.close({ keepDatabase: options.keep });
    if (ok && !options.keep) rmSync(logDir, { recursive: true, force: true });
    else console.error(`chaos: worker logs kept in ${logDir}${options.keep ? `, database ${env.databaseUrl}` : ''}`);
  }
}

run(parseOptions(process.argv.slice(2))).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
