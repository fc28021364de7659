import { getQueueToken } from '@nestjs/bullmq';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { JOB_OPTIONS, jobId } from './job-options';
import { JOB_QUEUE, JobName, JobOf } from './jobs';
import { withTimeout } from '@continuum/domain';

const READY_TIMEOUT_MS = 2_000;
/** How long an alias outlives its job's delay: longer than any job stays live (retries end within the hour). */
const ALIAS_TTL_MS = 24 * 3_600_000;

export interface JobRequest<N extends JobName> {
  payload: JobOf<N>;
  /**
   * When the job is to run (ms since the epoch); absent or past: as soon as a worker is free. An
   * instant rather than a delay, so the time spent adding a big set of jobs does not push them
   * later (BullMQ counts a delay from the job's timestamp).
   */
  runAt?: number;
  /**
   * The single jobs this one does the work of, when it is a batch. It then gets an id of its own,
   * and each of their ids becomes an alias of it, so `liveJobs` finds it under any of them.
   */
  standsFor?: JobOf<N>[];
}

/** The only way code enqueues a job: typed payload, the right queue, a deterministic id. */
@Injectable()
export class JobProducer {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobOf<N>, options: { delayMs?: number } = {}): Promise<string> {
    const [id] = await this.enqueueMany(name, [{ payload, runAt: options.delayMs ? Date.now() + options.delayMs : undefined }]);
    return id;
  }

  /**
   * Many jobs of one kind in one round trip (BullMQ addBulk). A single job's id is deterministic,
   * so adding it twice is a no-op; a batch gets a fresh id (adding it twice makes two jobs, whose
   * handlers must be idempotent, as every handler here is) and aliases for the jobs it stands for.
   */
  async enqueueMany<N extends JobName>(name: N, jobs: JobRequest<N>[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const queue = this.queueOf(name);
    // A producer connection does not queue commands while offline; wait briefly for it to be
    // ready (just after boot), and fail fast if Redis is really away.
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    // Every job's delay counts from this instant, its timestamp: a job runs at its `runAt` however
    // long the aliases and the bulk add below take.
    const now = Date.now();
    const delayOf = (runAt: number | undefined) => (runAt !== undefined && runAt > now ? runAt - now : 0);
    const entries = jobs.map(({ payload, runAt, standsFor }) => ({
      name,
      data: payload,
      opts: {
        ...JOB_OPTIONS[name],
        jobId: standsFor ? `batch-${randomUUID()}` : jobId(name, payload),
        timestamp: now,
        delay: delayOf(runAt) || undefined,
      },
    }));
    // Aliases first: one that names a job that never got added reads as no live job (the truth).
    // (The client sends them all before the first reply: one round trip, as a pipeline would be.)
    const client = await queue.client;
    await Promise.all(
      jobs.flatMap(({ standsFor, runAt }, i) =>
        (standsFor ?? []).map((single) =>
          client.set(this.aliasKey(queue, jobId(name, single)), entries[i].opts.jobId, { PX: delayOf(runAt) + ALIAS_TTL_MS }),
        ),
      ),
    );
    await queue.addBulk(entries);
    return entries.map((e) => e.opts.jobId);
  }

  /**
   * Which of these jobs Redis still holds as live work (waiting, delayed, active, prioritized,
   * waiting-children). The reconciler uses it to tell a delivery whose job is gone from one whose
   * job is merely waiting its turn behind the rate limit.
   */
  async liveJobs<N extends JobName>(name: N, payloads: JobOf<N>[]): Promise<boolean[]> {
    if (payloads.length === 0) return [];
    const queue = this.queueOf(name);
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    const ids = payloads.map((payload) => jobId(name, payload));
    // A job queued inside a batch is found under its alias (and may have been queued alone too).
    const client = await queue.client;
    const aliased = await Promise.all(ids.map((id) => client.get(this.aliasKey(queue, id))));
    // A job's hash lives until the job is removed; one without `finishedOn` has not completed or
    // failed. (getJobState would scan the wait list per job: slow behind a large backlog.)
    const isLive = async (id: string | null) => {
      if (id === null) return false;
      const job = await queue.getJob(id);
      return job !== undefined && job !== null && !job.finishedOn;
    };
    return Promise.all(ids.map(async (id, i) => (await isLive(aliased[i])) || isLive(id)));
  }

  private queueOf(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
  }

  private aliasKey(queue: Queue, id: string): string {
    return queue.toKey(`alias:${id}`);
  }
}
