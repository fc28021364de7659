import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, jobId } from './job-options';
import { JOB_QUEUE, JobName, JobOf } from './jobs';
import { withTimeout } from '@continuum/domain';

const READY_TIMEOUT_MS = 2_000;

/** The only way code enqueues a job: typed payload, the right queue, a deterministic id. */
@Injectable()
export class JobProducer {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobOf<N>, options: { delayMs?: number } = {}): Promise<string> {
    const id = jobId(name, payload);
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    // A producer connection does not queue commands while offline; wait briefly for it to be
    // ready (just after boot), and fail fast if Redis is really away.
    await withTimeout(queue.waitUntilReady(), READY_TIMEOUT_MS, 'Redis is not reachable');
    await queue.add(name, payload, { ...DEFAULT_JOB_OPTIONS, jobId: id, delay: options.delayMs });
    return id;
  }
}
