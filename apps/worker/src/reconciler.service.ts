import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DeliveryScheduler } from '@continuum/delivery';
import { QueueProbeService } from '@continuum/diagnostics';

/** How long a pending row may wait before we assume its job was lost (Redis flushed or down). */
const STALE_AFTER_MS = 30_000;
/** A send that has been `submitting` this long lost its worker (longer than any provider timeout). */
const STUCK_SUBMITTING_MS = 120_000;

/**
 * Postgres is the truth and Redis the trigger: this tick re-enqueues work that Postgres says is
 * pending but whose job may be gone. Deterministic job ids make a re-enqueue of a live job a no-op.
 * It runs only in the worker, never in API replicas.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);
  private running = false;

  constructor(
    private readonly probes: QueueProbeService,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  @Interval('reconcile', 15_000)
  async tick(staleAfterMs = STALE_AFTER_MS, stuckAfterMs = STUCK_SUBMITTING_MS): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const count = await this.probes.reenqueuePending(staleAfterMs);
      if (count > 0) this.logger.log({ count }, 're-enqueued pending queue probes');
      const deliveries = await this.deliveries.reconcile({ stuckAfterMs });
      if (deliveries.requeued > 0 || deliveries.stuck > 0) this.logger.log(deliveries, 'reconciled deliveries');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'reconcile tick failed; will retry');
    } finally {
      this.running = false;
    }
  }
}
