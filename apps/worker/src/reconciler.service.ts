import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { DeliveryScheduler } from '@continuum/delivery';
import { QueueProbeService } from '@continuum/diagnostics';

/** How long a pending row may wait before we assume its job was lost (Redis flushed or down). */
const STALE_AFTER_MS = 30_000;

/**
 * Postgres is the truth and Redis the trigger: this tick re-enqueues work that Postgres says is
 * pending but whose job may be gone. Deterministic job ids make a re-enqueue of a live job a no-op.
 * It runs only in the worker, never in API replicas, every DELIVERY_RECONCILE_INTERVAL_MS; a send
 * left `submitting` for DELIVERY_STUCK_AFTER_MS lost its worker (longer than any provider timeout).
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconcilerService.name);
  private running = false;

  constructor(
    private readonly probes: QueueProbeService,
    private readonly deliveries: DeliveryScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Present when the schedules run (production); tests leave it out and call tick() themselves.
    @Optional() private readonly schedules?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // The schedule module clears every registered interval before the application shuts down.
    this.schedules?.addInterval('reconcile', setInterval(() => void this.tick(), this.config.DELIVERY_RECONCILE_INTERVAL_MS));
  }

  async tick(staleAfterMs = STALE_AFTER_MS, stuckAfterMs = this.config.DELIVERY_STUCK_AFTER_MS): Promise<void> {
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
