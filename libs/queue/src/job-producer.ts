import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { JOB_OPTIONS, jobId } from './job-options';
import { JOB_QUEUE, JobName, JobOf } from './jobs';
import { withTimeout } from '@continuum/domain';

const READY_TIMEOUT_MS = 2_000;

/** The only way code enqueues a job: typed payload, the right queue, a deterministic id. */
@Injectable()
export class JobProducer {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobOf<N>, options: { delayMs?: number } = {}): Promise<string> {
    const [id] = await this.enqueueMany(name, [{ payload, delayMs: options.delayMs }]);
    return id;
  }

  /** Many jobs of one kind in one round trip (BullMQ addBulk); ids stay deterministic. */
  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobOf<N>; delayMs?: number }[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    // A producer connection does not queue commands while offline; wait briefly for it to be
    // ready (just after boot), and fail fast if Redis is really away.
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    const entries = jobs.map(({ payload, delayMs }) => ({
      name,
      data: payload,
      opts: { ...JOB_OPTIONS[name], jobId: jobId(name, payload), delay: delayMs && delayMs > 0 ? delayMs : undefined },
    }));
    await queue.addBulk(entries);
    return entries.map((e) => e.opts.jobId);
  }

  /**
   * Which of these jobs Redis still holds as live work (waiting, delayed, active, prioritized,
   * waiting-children). The reconciler uses it to tell a delivery whose job is gone from one whose
   * job is merely waiting its turn behind the rate limit.
   */
  async liveJobs<N extends JobName>(name: N, payloads: JobOf<N>[]): Promise<boolean[]> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    // A job's hash lives until the job is removed; one without `finishedOn` has not completed or
    // failed. (getJobState would scan the wait list per job: slow behind a large backlog.)
    const jobs = await Promise.all(payloads.map((payload) => queue.getJob(jobId(name, payload))));
    return jobs.map((job) => job !== undefined && job !== null && !job.finishedOn);
  }
}
