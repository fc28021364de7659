import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { NotFoundError } from '@continuum/domain';
import { QueueProbeEntity, QueueProbeStatus } from '@continuum/persistence';
import { JobName, JobProducer, JobResult } from '@continuum/queue';

export interface QueueProbeView {
  id: string;
  status: QueueProbeStatus;
  requestedAt: string;
  completedAt: string | null;
  attempts: number;
  roundTripMs: number | null;
}

/**
 * The queue probe: the API writes a row and enqueues a job carrying its id; the worker claims
 * the row and completes it. Postgres holds the truth; Redis only carries the trigger.
 */
@Injectable()
export class QueueProbeService {
  private readonly logger = new Logger(QueueProbeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
  ) {}

  private get probes() {
    return this.dataSource.getRepository(QueueProbeEntity);
  }

  async request(organisationId: string, options: { delayMs?: number } = {}): Promise<QueueProbeView> {
    const probe = await this.probes.save(this.probes.create({ organisationId }));
    try {
      await this.jobs.enqueue(JobName.QueueProbe, { probeId: probe.id }, { delayMs: options.delayMs });
    } catch (error) {
      // The row is safe in Postgres; the worker's reconciler enqueues it once Redis is back.
      this.logger.warn({ probeId: probe.id, err: (error as Error).message }, 'enqueue failed; left for the reconciler');
    }
    return toView(probe);
  }

  async find(organisationId: string, id: string): Promise<QueueProbeView> {
    const probe = await this.probes.findOneBy({ organisationId, id });
    if (!probe) throw new NotFoundError('Queue probe');
    return toView(probe);
  }

  /**
   * Completes a probe with one conditional UPDATE, so a job BullMQ delivers twice (a stalled
   * worker) finds nothing left to do the second time and reports `skipped`.
   */
  async complete(probeId: string, attempt: number, workerId: string): Promise<JobResult> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE queue_probe
          SET status = $2, completed_at = now(), attempts = $3, completed_by = $4
        WHERE id = $1 AND status = $5
        RETURNING id`,
      [probeId, QueueProbeStatus.Completed, attempt, workerId, QueueProbeStatus.Pending],
    );
    if (result[1] === 0) {
      return { status: 'skipped', reason: 'probe missing or already completed' };
    }
    return { status: 'done' };
  }

  /** Re-enqueues pending probes older than `olderThanMs`; returns how many. Idempotent by job id. */
  async reenqueuePending(olderThanMs: number): Promise<number> {
    const stale = await this.probes.find({
      select: { id: true },
      where: { status: QueueProbeStatus.Pending, requestedAt: LessThan(new Date(Date.now() - olderThanMs)) },
      order: { requestedAt: 'ASC' },
      take: 1_000,
    });
    for (const probe of stale) {
      await this.jobs.enqueue(JobName.QueueProbe, { probeId: probe.id });
    }
    return stale.length;
  }
}

function toView(probe: QueueProbeEntity): QueueProbeView {
  return {
    id: probe.id,
    status: probe.status,
    requestedAt: probe.requestedAt.toISOString(),
    completedAt: probe.completedAt?.toISOString() ?? null,
    attempts: probe.attempts,
    roundTripMs: probe.completedAt ? probe.completedAt.getTime() - probe.requestedAt.getTime() : null,
  };
}
