import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CheckInSweeper } from '@continuum/check-ins';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { CoordinatorDigest, EngagementRollup } from '@continuum/engagement';
import { FamilySessionSweeper } from '@continuum/family-sessions';
import { MeetingSweeper } from '@continuum/meetings';

interface Sweep {
  name: string;
  intervalMs: number;
  run: () => Promise<Record<string, number>>;
  running: boolean;
}

/**
 * The worker's periodic feature work, each on its own interval and never overlapping itself:
 * check-ins (nudges, missed, the alerts silence raises) every CHECK_IN_SWEEP_INTERVAL_MS; meetings
 * (occurrences to the horizon, invitations at their lead time, rating requests) and family
 * sessions (follow-ups) every MEETING_SWEEP_INTERVAL_MS; the nightly engagement rollup of each
 * organisation's finished UTC days and the coordinators' morning digests (from 07:00 local),
 * looked for every ENGAGEMENT_ROLLUP_INTERVAL_MS. Several workers
 * may run them at once: each step claims its rows conditionally, and a rollup day is rebuilt whole.
 */
@Injectable()
export class SweepsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepsService.name);
  private readonly sweeps: Sweep[];

  constructor(
    checkIns: CheckInSweeper,
    meetings: MeetingSweeper,
    familySessions: FamilySessionSweeper,
    engagement: EngagementRollup,
    digest: CoordinatorDigest,
    @Inject(APP_CONFIG) config: AppConfig,
    // Present when the schedules run (production); tests leave it out and call tick() themselves.
    @Optional() private readonly schedules?: SchedulerRegistry,
  ) {
    this.sweeps = [
      { name: 'check-in-sweep', intervalMs: config.CHECK_IN_SWEEP_INTERVAL_MS, run: async () => ({ ...(await checkIns.sweep()) }), running: false },
      { name: 'meeting-sweep', intervalMs: config.MEETING_SWEEP_INTERVAL_MS, run: async () => ({ ...(await meetings.sweep()), ...(await familySessions.sweep()) }), running: false },
      {
        name: 'engagement-rollup',
        intervalMs: config.ENGAGEMENT_ROLLUP_INTERVAL_MS,
        run: async () => {
          const days = await engagement.runDue();
          // After the night's flags, so the morning email lists them.
          const digests = await digest.scheduleDue();
          return { days: days.length, flagsRaised: days.reduce((n, d) => n + d.flagsRaised, 0), digests };
        },
        running: false,
      },
    ];
  }

  onApplicationBootstrap(): void {
    for (const sweep of this.sweeps) this.schedules?.addInterval(sweep.name, setInterval(() => void this.tick(sweep.name), sweep.intervalMs));
  }

  /** Runs one sweep (all when no name is given) unless it is already running. */
  async tick(name?: string): Promise<void> {
    for (const sweep of this.sweeps.filter((s) => !name || s.name === name)) {
      if (sweep.running) continue;
      sweep.running = true;
      try {
        const result = await sweep.run();
        if (Object.values(result).some((n) => n > 0)) this.logger.log(result, sweep.name);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, `${sweep.name} failed; will retry`);
      } finally {
        sweep.running = false;
      }
    }
  }
}
