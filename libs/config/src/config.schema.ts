import { z } from 'zod';

const booleanFromString = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const url = (protocols: string[]) =>
  z
    .string()
    .url('must be a URL')
    .refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/**
 * Every environment variable Continuum reads, in one place. Defaults suit a developer's
 * machine (local Postgres and Redis with trust auth); production overrides them.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_PORT: port.default(3000),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/continuum'),
  /** Run pending migrations when the API starts (guarded by an advisory lock). */
  DATABASE_MIGRATIONS_RUN: booleanFromString.default('true'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]{1,64}$/, 'may hold only letters, digits, ":", "_" and "-" (at most 64)')
    .default('continuum'),
  /** HS256 key for staff access tokens: at least 32 characters; required in production. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('continuum'),
  JWT_AUDIENCE: z.string().min(1).default('continuum-api'),
  /** Staff access tokens live at most 15 minutes. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900, 'must be at most 900 (15 minutes)').default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Sign-in and refresh attempts allowed per minute from one address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Password of the demo organisation's logins, created by `db:seed-demo` (and `npm start`). */
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('continuum-demo-2026'),
})
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['JWT_SECRET'], message: 'is required in production' });
    }
  })
  .transform((config) => ({
    ...config,
    // Outside production a fixed development key keeps `npm start` one command; never in production.
    JWT_SECRET: config.JWT_SECRET ?? 'continuum-development-only-key-not-for-production',
  }));

export type AppConfig = z.infer<typeof configSchema>;
