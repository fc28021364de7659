import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// URL. BullMQ needs `maxRetriesPerRequest: null` on worker
 * connections; we use it everywhere so a Redis restart pauses work instead of failing it.
 */
export function redisConnectionOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Reconnect quickly but without a storm while Redis is away.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}
