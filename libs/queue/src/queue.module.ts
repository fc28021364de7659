import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { ALL_QUEUES } from './jobs';
import { JobProducer } from './job-producer';
import { redisConnectionOptions } from './redis-connection';

export type QueueRole = 'producer' | 'worker';

/** Connects BullMQ to Redis, registers every queue, and provides the typed producer. */
@Module({})
export class QueueModule {
  /**
   * A producer (the API) fails fast when Redis is away, so a request is answered instead of
   * hanging; the row it wrote in Postgres is picked up later by the reconciler. A worker waits
   * for Redis to return (BullMQ requires `maxRetriesPerRequest: null` there).
   */
  static forRoot(role: QueueRole): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: {
              ...redisConnectionOptions(config.REDIS_URL),
              ...(role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : {}),
            },
            prefix: config.QUEUE_PREFIX,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [JobProducer],
      exports: [BullModule, JobProducer],
    };
  }
}
