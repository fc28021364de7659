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
 * Deliveries retry transient provider errors (429, SMTP 4xx, refused connections) for about
 * twenty minutes with jittered exponential backoff; after the last attempt the delivery is
 * marked failed in Postgres by its handler.
 */
const DELIVERY_JOB_OPTIONS: JobsOptions = {
  ...DEFAULT_JOB_OPTIONS,
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
};

export const JOB_OPTIONS: { [N in JobName]: JobsOptions } = {
  [JobName.QueueProbe]: DEFAULT_JOB_OPTIONS,
  [JobName.SendSms]: DELIVERY_JOB_OPTIONS,
  [JobName.SendEmail]: DELIVERY_JOB_OPTIONS,
};

/**
 * Deterministic job ids make enqueueing idempotent: adding the same job twice while the first
 * is still known to Redis is a no-op, and a reconciler can re-enqueue from Postgres safely.
 * The compiler demands an entry for every job name. BullMQ refuses ':' in custom ids, so
 * parts are joined with '-'.
 */
const JOB_IDS: { [N in JobName]: (payload: JobOf<N>) => string } = {
  [JobName.QueueProbe]: ({ probeId }) => `queue-probe-${probeId}`,
  [JobName.SendSms]: ({ deliveryId, sendAfterMs }) => `delivery-${deliveryId}-${sendAfterMs}`,
  [JobName.SendEmail]: ({ deliveryId, sendAfterMs }) => `delivery-${deliveryId}-${sendAfterMs}`,
};

export function jobId<N extends JobName>(name: N, payload: JobOf<N>): string {
  return (JOB_IDS[name] as (payload: JobOf<N>) => string)(payload);
}
