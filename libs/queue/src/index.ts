export * from './jobs';
export { DEFAULT_JOB_OPTIONS, JOB_OPTIONS, jobId } from './job-options';
export { dispatchJob, isJobName } from './job-dispatch';
export { JobProducer, type JobRequest, type SingleJob } from './job-producer';
export { QueueModule } from './queue.module';
export { redisConnectionOptions } from './redis-connection';
