import { getQueueToken } from '@nestjs/bullmq';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { JOB_OPTIONS, jobId } from './job-options';
import { JOB_QUEUE, JobName, JobOf } from './jobs';
import { withTimeout } from '@continuum/domain';

const READY_TIMEOUT_MS = 2_000;
/** How long an alias outlives the minute its job was due: longer than any job stays live (retries end within the hour). */
const ALIAS_TTL_MS = 24 * 3_600_000;
/** Aliases are filed in one Redis hash per queue and minute of their single job's `runAt`. */
const ALIAS_BUCKET_MS = 60_000;
/**
 * Files single jobs' ids (ARGV[3…]) as aliases of the batch job ARGV[1] in the hash KEYS[1], and
 * keeps the hash at least ARGV[2] ms longer: one command per batch and minute, however many
 * single jobs it stands for.
 */
const SET_ALIASES = {
  name: 'continuumSetAliases',
  lua: `for i = 3, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
        local keep = tonumber(ARGV[2])
        if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
        return #ARGV - 2`,
};
/** Redis clients the alias command is defined on (BullMQ's, one per queue). */
const withAliasCommand = new WeakSet<object>();

/** A single job: its payload and when it is to run (ms since the epoch), which files its alias. */
export interface SingleJob<N extends JobName> {
  payload: JobOf<N>;
  runAt: number;
}

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
  standsFor?: SingleJob<N>[];
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
    // (All sent before the first reply: one round trip, as a pipeline would be.)
    const client = await queue.client;
    if (!withAliasCommand.has(client)) {
      client.defineCommand(SET_ALIASES.name, { numberOfKeys: 1, lua: SET_ALIASES.lua });
      withAliasCommand.add(client);
    }
    await Promise.all(
      jobs.flatMap(({ standsFor }, i) =>
        [...this.aliasBuckets(name, standsFor ?? [])].map(([bucket, ids]) =>
          client.runCommand(SET_ALIASES.name, [
            this.aliasKey(queue, bucket),
            entries[i].opts.jobId,
            Math.max(0, (bucket + 1) * ALIAS_BUCKET_MS - now) + ALIAS_TTL_MS,
            ...ids,
          ]),
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
  async liveJobs<N extends JobName>(name: N, jobs: SingleJob<N>[]): Promise<boolean[]> {
    if (jobs.length === 0) return [];
    const queue = this.queueOf(name);
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    const ids = jobs.map(({ payload }) => jobId(name, payload));
    // A job queued inside a batch is found under its alias (and may have been queued alone too).
    const client = await queue.client;
    const aliased = new Map<string, string | null>();
    await Promise.all(
      [...this.aliasBuckets(name, jobs)].map(async ([bucket, inBucket]) => {
        const found = await client.hmget(this.aliasKey(queue, bucket), ...inBucket);
        inBucket.forEach((id, i) => aliased.set(id, found[i]));
      }),
    );
    // A job's hash lives until the job is removed; one without `finishedOn` has not completed or
    // failed. (getJobState would scan the wait list per job: slow behind a large backlog.)
    const isLive = async (id: string | null | undefined) => {
      if (!id) return false;
      const job = await queue.getJob(id);
      return job !== undefined && job !== null && !job.finishedOn;
    };
    return Promise.all(ids.map(async (id) => (await isLive(aliased.get(id))) || isLive(id)));
  }

  /** Single jobs' ids by the minute they are due, which names the hash their aliases are filed in. */
  private aliasBuckets<N extends JobName>(name: N, jobs: SingleJob<N>[]): Map<number, string[]> {
    const buckets = new Map<number, string[]>();
    for (const { payload, runAt } of jobs) {
      const bucket = Math.floor(runAt / ALIAS_BUCKET_MS);
      const ids = buckets.get(bucket);
      if (ids) ids.push(jobId(name, payload));
      else buckets.set(bucket, [jobId(name, payload)]);
    }
    return buckets;
  }

  private queueOf(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
  }

  private aliasKey(queue: Queue, bucket: number): string {
    return queue.toKey(`aliases:${bucket}`);
  }
}
