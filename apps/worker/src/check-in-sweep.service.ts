import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CheckInSweeper } from '@continuum/check-ins';
import { APP_CONFIG, type AppConfig } from '@continuum/config';

/**
 * Every CHECK_IN_SWEEP_INTERVAL_MS: nudges, missed check-ins and the alerts silence raises.
 * Runs only in the worker; several workers may run it at once (rows are taken with SKIP LOCKED).
 */
@Injectable()
export class CheckInSweepService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CheckInSweepService.name);
  private running = false;

  constructor(
    private readonly sweeper: CheckInSweeper,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Present when the schedules run (production); tests leave it out and call tick() themselves.
    @Optional() private readonly schedules?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules?.addInterval('check-in-sweep', setInterval(() => void this.tick(), this.config.CHECK_IN_SWEEP_INTERVAL_MS));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const result = await this.sweeper.sweep();
      if (result.nudged || result.missed || result.undeliverable) this.logger.log(result, 'check-in sweep');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'check-in sweep failed; will retry');
    } finally {
      this.running = false;
    }
  }
}
