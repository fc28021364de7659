import type { JobsOptions } from 'bullmq';
import { JobName, JobOf } from './jobs';

/** Retry, backoff and retention for every job, in one place. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  // Bounded retention: Postgres keeps the history, Redis only what operators need to debug.
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
};

/**
 * Deterministic job ids make enqueueing idempotent: adding the same job twice while the first
 * is still known to Redis is a no-op, and a reconciler can re-enqueue from Postgres safely.
 * The compiler demands an entry for every job name. BullMQ refuses ':' in custom ids, so
 * parts are joined with '-'.
 */
const JOB_IDS: { [N in JobName]: (payload: JobOf<N>) => string } = {
  [JobName.QueueProbe]: ({ probeId }) => `queue-probe-${probeId}`,
};

export function jobId<N extends JobName>(name: N, payload: JobOf<N>): string {
  return (JOB_IDS[name] as (payload: JobOf<N>) => string)(payload);
}
