import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Inject, Injectable, Logger, Module, OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { redisConnectionOptions } from '@continuum/queue';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, so limits hold across API replicas. Fails open: while Redis is
 * away, requests are not counted rather than refused with 500s (health must still answer 503,
 * and Postgres-only routes keep working).
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  private readonly inner: ThrottlerStorageRedisService;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis({
      ...redisConnectionOptions(config.REDIS_URL),
      keyPrefix: `${config.QUEUE_PREFIX}:throttle:`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: 'continuum-throttle',
    });
    this.redis.on('error', () => undefined);
    this.inner = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.inner.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'rate-limit storage unavailable; not counting');
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class ThrottlerStorageModule {}

const SIGN_IN_THROTTLED = 'continuum:sign-in-throttled';

/** Counts the route against the sign-in limit (LOGIN_RATE_LIMIT_PER_MINUTE per address). */
export const SignInThrottled = () => SetMetadata(SIGN_IN_THROTTLED, true);

/**
 * Two limits per address: a generous one on every route, and the sign-in limit on the routes
 * that check credentials.
 */
export const ThrottlingModule = ThrottlerModule.forRootAsync({
  imports: [ThrottlerStorageModule],
  inject: [RedisThrottlerStorage, APP_CONFIG],
  useFactory: (storage: RedisThrottlerStorage, config: AppConfig) => ({
    throttlers: [
      { name: 'default', limit: 300, ttl: 60_000 },
      {
        name: 'sign-in',
        limit: config.LOGIN_RATE_LIMIT_PER_MINUTE,
        ttl: 60_000,
        skipIf: (context: ExecutionContext) => Reflect.getMetadata(SIGN_IN_THROTTLED, context.getHandler()) !== true,
      },
    ],
    storage,
  }),
});
