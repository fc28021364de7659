import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobHandlers, JobName, JobResult, QueueName } from './jobs';

/**
 * Routes a job to the handler registered for its name. An unknown name cannot succeed on
 * retry, so it fails at once (UnrecoverableError) instead of burning attempts.
 */
export async function dispatchJob<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
  job: Job,
): Promise<JobResult> {
  const handler = (handlers as Record<string, ((payload: unknown, attempt: number) => Promise<JobResult>) | undefined>)[
    job.name
  ];
  if (!handler) {
    throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${queue}"`);
  }
  return handler(job.data, job.attemptsMade + 1);
}

export function isJobName(value: string): value is JobName {
  return (Object.values(JobName) as string[]).includes(value);
}
