import autocannon from 'autocannon';
import { mulberry32 } from '@continuum/testing';
import type { EngagementBench } from './engagement';
import { percentile } from './stats';

/** Seconds of load before each measured GET run, thrown away: the JIT, the pools and Postgres' caches settle. */
const WARM_UP_SECONDS = 2;
/** A calm answer (mood 4 of 5, craving 1 of 10, no use): no escalation, no alert, no pages. */
const CALM_ANSWER = 'mood=4&craving=1&used=no';

export interface LoadSizes {
  /** Measured seconds per GET run. */
  seconds: number;
  /** Concurrent keep-alive connections, each with one request in flight. */
  connections: number;
}

/** One load run: its rate and its p99, and what else it measured (the `details` of both figures). */
export interface LoadRun {
  rps: number;
  p99Ms: number;
  details: Record<string, number>;
}

/** One request as autocannon's `setupRequest` writes it: path and headers, and a body for a POST. */
interface NextRequest {
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Runs autocannon against the bench's API process: `connections` keep-alive connections, for
 * `seconds` or for exactly `amount` requests. Each request is built by `next` and gets an
 * `X-Forwarded-For` address of its own, as `ApiProcess.call` does, so the rate limiter (300 a
 * minute per address and route, counted in Redis) counts every request but refuses none.
 * Response times and bytes are taken from autocannon's `response` events rather than from its
 * histograms, which keep whole milliseconds and end a run on their 1-second sampling tick.
 * Fails on any connection error, timeout or answer other than 200.
 */
async function load(
  bench: EngagementBench,
  label: string,
  run: { connections: number; seconds?: number; amount?: number },
  next: () => NextRequest,
): Promise<LoadRun> {
  const api = bench.httpApi;
  const timings: number[] = [];
  let bytes = 0;
  let lastResponse = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: api.baseUrl,
        connections: run.connections,
        ...(run.amount ? { amount: run.amount } : { duration: run.seconds }),
        timeout: 30,
        requests: [
          {
            method: label.startsWith('POST') ? 'POST' : 'GET',
            setupRequest: (request) => {
              const { path, headers, body } = next();
              return { ...request, path, headers: { ...headers, 'x-forwarded-for': api.nextClientAddress() }, ...(body === undefined ? {} : { body }) };
            },
          },
        ],
      },
      (error: unknown, finished) => (error ? fail(error) : done(finished)),
    );
    instance.on('response', (_client, _status, responseBytes, responseMs) => {
      timings.push(responseMs);
      bytes += responseBytes;
      lastResponse = performance.now();
    });
  });
  // Every route loaded here answers 200 (the form's thanks page included); anything else is a failure.
  const other = Object.keys(result.statusCodeStats ?? {}).filter((status) => status !== '200');
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || other.length > 0 || timings.length === 0) {
    throw new Error(
      `http load: ${label} got ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodeStats)}), ` +
        `${result.errors} errors, ${result.timeouts} timeouts in ${timings.length} responses\n${api.tail(10)}`,
    );
  }
  // To the last response, not to autocannon's end of run (its next sampling tick).
  const seconds = (lastResponse - started) / 1_000;
  const requests = timings.length;
  return {
    rps: requests / seconds,
    p99Ms: percentile(timings, 99),
    details: {
      p50_ms: percentile(timings, 50),
      p99_ms: percentile(timings, 99),
      requests,
      non2xx: result.non2xx,
      errors: result.errors,
      seconds,
      kb_per_s: bytes / 1_000 / seconds,
    },
  };
}

/** A GET endpoint under load for `sizes.seconds`, after a warm-up run of WARM_UP_SECONDS that is thrown away. */
async function getLoad(bench: EngagementBench, sizes: LoadSizes, label: string, path: () => string): Promise<LoadRun> {
  // Signed in once per run: a run lasts seconds, the token 15 minutes.
  const authorization = await bench.authorization();
  const next = () => ({ path: path(), headers: { authorization } });
  await load(bench, label, { connections: sizes.connections, seconds: WARM_UP_SECONDS }, next);
  return load(bench, label, { connections: sizes.connections, seconds: sizes.seconds }, next);
}

/** `GET /graduates?page=1&pageSize=50` as the organisation's admin: the first page of 10,000 graduates, its total, its audit event. */
export function graduatesListLoad(bench: EngagementBench, sizes: LoadSizes): Promise<LoadRun> {
  return getLoad(bench, sizes, 'GET /graduates', () => '/graduates?page=1&pageSize=50');
}

/** `GET /graduates/{id}/timeline` (the default page of 50 touchpoints) for uniformly random graduates of the organisation. */
export function timelineLoad(bench: EngagementBench, sizes: LoadSizes, round: number): Promise<LoadRun> {
  const random = mulberry32(2_000 + round);
  const ids = bench.graduateIds;
  return getLoad(bench, sizes, 'GET /graduates/{id}/timeline', () => `/graduates/${ids[Math.floor(random() * ids.length)]}/timeline`);
}

/**
 * `POST /c/<token>` with a calm answer, one fresh single-use token per request (issued beforehand
 * by `EngagementBench.answerTokens`), exactly `tokens.length` requests: a token answers once, so
 * a run cannot last a fixed time. No warm-up: it would spend tokens, and the GET runs before it
 * have warmed the process. Fails unless every answer got its 200 thanks page, every check-in is
 * answered and no alert was raised.
 */
export async function checkInSubmitLoad(bench: EngagementBench, sizes: LoadSizes, tokens: string[]): Promise<LoadRun> {
  const counts = () =>
    bench.dataSource
      .query(
        `SELECT (SELECT count(*)::int FROM check_in WHERE organisation_id = $1 AND status = 'answered') AS answered,
                (SELECT count(*)::int FROM alert WHERE organisation_id = $1) AS alerts`,
        [bench.organisationId],
      )
      .then((rows: { answered: number; alerts: number }[]) => rows[0]);
  const before = await counts();
  let sent = 0;
  const run = await load(bench, 'POST /c/{token}', { connections: sizes.connections, amount: tokens.length }, () => {
    // autocannon builds exactly `amount` requests, each connection its share. Should it ask for
    // more, the extra request goes to an unknown token: its 404 fails the run (a throw here
    // would be thrown inside autocannon's socket handler and end the process).
    const token = tokens[sent] ?? 'none-left';
    sent += 1;
    return { path: `/c/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: CALM_ANSWER };
  });
  const after = await counts();
  if (run.details.requests !== tokens.length || after.answered - before.answered !== tokens.length || after.alerts !== before.alerts) {
    throw new Error(
      `http load: ${tokens.length} answers sent, ${run.details.requests} answered over HTTP, ` +
        `${after.answered - before.answered} check-ins answered, ${after.alerts - before.alerts} alerts raised`,
    );
  }
  return run;
}

/** Runs a load scenario `rounds` times, one after another; the rate and the p99 figures are both read from these runs. */
export async function loadRuns(rounds: number, scenario: (round: number) => Promise<LoadRun>): Promise<LoadRun[]> {
  const runs: LoadRun[] = [];
  for (let r = 0; r < rounds; r += 1) runs.push(await scenario(r));
  return runs;
}

/** A run as `measure()` takes it, for the rate figure. */
export const rateOf = (run: LoadRun) => ({ value: run.rps, details: run.details });
/** A run as `measure()` takes it, for the p99 figure. */
export const p99Of = (run: LoadRun) => ({ value: run.p99Ms, details: run.details });
