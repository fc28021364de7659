import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { deliveryJobShape, Dispatcher } from '@continuum/delivery';
import { dispatchJob, type JobHandlers, JobName, type JobResult, QueueName } from '@continuum/queue';

/**
 * Each channel's queue has the provider's send rate as its BullMQ limiter, so a backlog waits in
 * our queue, never at Twilio (which would answer 429 or drop messages after ten hours). The
 * limiter counts jobs and a job may carry several deliveries, so both it and the concurrency
 * (`DELIVERY_CONCURRENCY`: messages in flight, which share the dispatcher's batches) are worked
 * out by `deliveryJobShape` from configuration; the worker starts paused (`autorun: false`), sets
 * them, then runs.
 */
abstract class RateLimitedProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly perSecond: number;
  protected abstract readonly concurrency: number;

  onApplicationBootstrap(): void {
    const shape = deliveryJobShape(this.perSecond, this.concurrency);
    this.worker.opts.limiter = { max: shape.jobsPerSecond, duration: 1_000 };
    this.worker.concurrency = shape.jobConcurrency;
    void this.worker.run().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}

@Processor(QueueName.DeliverySms, { autorun: false })
export class SmsDeliveryProcessor extends RateLimitedProcessor {
  protected readonly perSecond: number;
  protected readonly concurrency: number;
  private readonly handlers: JobHandlers<typeof QueueName.DeliverySms>;

  constructor(dispatcher: Dispatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.perSecond = config.SMS_RATE_PER_SECOND;
    this.concurrency = config.DELIVERY_CONCURRENCY;
    this.handlers = { [JobName.SendSms]: (job) => dispatcher.handleJob(job) };
  }

  process(job: Job): Promise<JobResult> {
    return dispatchJob(QueueName.DeliverySms, this.handlers, job);
  }
}

@Processor(QueueName.DeliveryEmail, { autorun: false })
export class EmailDeliveryProcessor extends RateLimitedProcessor {
  protected readonly perSecond: number;
  protected readonly concurrency: number;
  private readonly handlers: JobHandlers<typeof QueueName.DeliveryEmail>;

  constructor(dispatcher: Dispatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.perSecond = config.EMAIL_RATE_PER_SECOND;
    this.concurrency = config.DELIVERY_CONCURRENCY;
    this.handlers = { [JobName.SendEmail]: (job) => dispatcher.handleJob(job) };
  }

  process(job: Job): Promise<JobResult> {
    return dispatchJob(QueueName.DeliveryEmail, this.handlers, job);
  }
}
