/**
 * Queue and job names are a contract with jobs already sitting in Redis: they are fixed
 * strings, never derived from class names, and a rename needs a migration of queued jobs.
 */
export const QueueName = {
  Diagnostics: 'diagnostics',
  /** One queue per channel, so each has its own provider rate limit. */
  DeliverySms: 'delivery-sms',
  DeliveryEmail: 'delivery-email',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  QueueProbe: 'diagnostics.queue-probe',
  SendSms: 'delivery.send-sms',
  SendEmail: 'delivery.send-email',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Payloads carry ids only: the handler reloads the row, so no personal data sits in Redis. */
export interface JobPayloads {
  [JobName.QueueProbe]: { probeId: string };
  [JobName.SendSms]: DeliveryJob;
  [JobName.SendEmail]: DeliveryJob;
}

/** One delivery, named by its row and the `send_after` it was queued for. */
export interface DeliveryJobItem {
  deliveryId: string;
  /** The row's `send_after` when enqueued: a rescheduled delivery gets a new job id. */
  sendAfterMs: number;
}

/**
 * A delivery job: one delivery, or (`also`) several that came due together and are dispatched as
 * one batch. A job of one delivery, like every job queued before batching, carries no `also`.
 */
export interface DeliveryJob extends DeliveryJobItem {
  also?: DeliveryJobItem[];
}

/** Which queue each job travels on. */
export const JOB_QUEUE = {
  [JobName.QueueProbe]: QueueName.Diagnostics,
  [JobName.SendSms]: QueueName.DeliverySms,
  [JobName.SendEmail]: QueueName.DeliveryEmail,
} as const satisfies { readonly [N in JobName]: QueueName };

export type JobOf<N extends JobName> = JobPayloads[N];
export type JobsOfQueue<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];

/**
 * What a handler reports. Handlers return `skipped` (with a reason) instead of throwing when
 * the target is gone or already done, so BullMQ does not retry work that cannot succeed.
 */
export type JobResult = { status: 'done' } | { status: 'skipped'; reason: string };

/** A map with exactly one handler for each job of a queue; the compiler rejects a gap. */
export type JobHandlers<Q extends QueueName> = {
  [N in JobsOfQueue<Q>]: (payload: JobOf<N>, attempt: number) => Promise<JobResult>;
};

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
