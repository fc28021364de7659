import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import { QueueProbeService } from '@continuum/diagnostics';
import { dispatchJob, JobHandlers, JobName, JobResult, QueueName } from '@continuum/queue';

const WORKER_ID = `${hostname()}:${process.pid}`;

@Processor(QueueName.Diagnostics, { concurrency: 10 })
export class DiagnosticsProcessor extends WorkerHost {
  private readonly handlers: JobHandlers<typeof QueueName.Diagnostics>;

  constructor(probes: QueueProbeService) {
    super();
    this.handlers = {
      [JobName.QueueProbe]: ({ probeId }, attempt) => probes.complete(probeId, attempt, WORKER_ID),
    };
  }

  process(job: Job): Promise<JobResult> {
    return dispatchJob(QueueName.Diagnostics, this.handlers, job);
  }
}
