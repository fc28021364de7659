import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { redisConnectionOptions } from '@continuum/queue';
import { withTimeout } from '@continuum/domain';

const PING_TIMEOUT_MS = 1_500;

/**
 * Pings Redis on a connection of its own that never queues commands while disconnected, so
 * the health check answers "down" at once instead of waiting for Redis to come back.
 */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis({
      ...redisConnectionOptions(config.REDIS_URL),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
      connectionName: 'continuum-health',
    });
    // Connection errors are reported through the check; without a listener ioredis logs them.
    this.redis.on('error', () => undefined);
  }

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.redis.ping(), PING_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
