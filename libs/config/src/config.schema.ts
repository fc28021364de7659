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
  /** Append logs to this file instead of standard output (one JSON object per line). */
  LOG_FILE: z.string().min(1).optional(),
  API_PORT: port.default(3000),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  /** The built coordinator dashboard (`npx nx build web`), served by the API under /app; relative to the working directory. */
  WEB_DIST_DIR: z.string().min(1).default('dist/apps/web'),
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

  /** Where people reach the API from outside: links in messages and Twilio webhook signatures use it. */
  PUBLIC_BASE_URL: url(['http', 'https']).optional(),

  /** `outbox` keeps messages in Postgres (listed at GET /outbox); the default when no credentials are set. */
  SMS_TRANSPORT: z.enum(['outbox', 'twilio'], { message: 'must be outbox or twilio' }).optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15555550100').optional(),
  /** Only for tests and proxies: where the Twilio REST API lives (default https://api.twilio.com). */
  TWILIO_API_BASE_URL: url(['http', 'https']).optional(),
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  /** Twilio drops a message it could not hand over within this many seconds, so nothing arrives hours late. */
  SMS_VALIDITY_SECONDS: z.coerce.number().int().min(60).max(36_000).default(3_600),
  /**
   * Messages per second per sender: 1 for a US long code, 3 toll-free, 100 short code (a messaging
   * service with many senders, or a raised limit, goes higher). It also sets how many messages
   * due together share a queue job (`deliveryJobShape`), so the API and the worker need the same.
   */
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(1),
  /**
   * Delivery messages one worker has in flight at once, per channel (jobs at once × messages a
   * job). Messages in flight together share their reads and writes (batches of up to 50), so more
   * in flight means fewer round trips per message; the provider's rate is still the limiter's
   * (SMS_RATE_PER_SECOND, EMAIL_RATE_PER_SECOND).
   */
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(100),

  EMAIL_TRANSPORT: z.enum(['outbox', 'smtp'], { message: 'must be outbox or smtp' }).optional(),
  /** e.g. smtp://user:pass@smtp.example.org:587 or smtps://...:465 */
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  EMAIL_FROM: z.string().min(3).default('Continuum <no-reply@continuum.invalid>'),
  EMAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(10),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),

  /** Local time of the recipient in which routine messages wait (TCPA: 08:00–21:00 only). */
  QUIET_HOURS_START: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').default('21:00'),
  QUIET_HOURS_END: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').default('08:00'),
  /** Routine messages one recipient may get per local day and per rolling 7 days, by channel. */
  SMS_PER_DAY: z.coerce.number().int().min(1).max(50).default(1),
  SMS_PER_WEEK: z.coerce.number().int().min(1).max(200).default(3),
  EMAIL_PER_DAY: z.coerce.number().int().min(1).max(50).default(2),
  EMAIL_PER_WEEK: z.coerce.number().int().min(1).max(200).default(7),
  /** First retry delay after a transient provider error; doubles per attempt, with jitter, up to 15 minutes. */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** How long after an unknown outcome the provider is asked whether it has the message. */
  DELIVERY_UNKNOWN_RECHECK_MS: z.coerce.number().int().min(10).max(600_000).default(15_000),
  /** How often the worker's reconciler re-enqueues due deliveries whose jobs Redis no longer holds. */
  DELIVERY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * A send still `submitting` after this long lost its worker and is looked up at the provider.
   * It must outlast any provider call (TWILIO_TIMEOUT_MS, SMTP_TIMEOUT_MS) with room to spare: a
   * live send taken for lost would be looked up before it lands, and sent a second time.
   */
  DELIVERY_STUCK_AFTER_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /** More words templates may not use (comma-separated), on top of the built-in lock-screen list. */
  TEMPLATE_EXTRA_SENSITIVE_WORDS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((w) => w.trim()).filter(Boolean)),
  /** Words, besides the built-in English and Spanish list, that make a check-in answer a crisis (comma-separated). */
  CRISIS_EXTRA_WORDS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((w) => w.trim()).filter(Boolean)),
  /** How often the worker closes answer windows, sends nudges and marks missed check-ins. */
  CHECK_IN_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  MEETING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  ENGAGEMENT_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  /** Messages one organisation may send per UTC day, so a runaway job cannot spend the account. */
  ORG_DAILY_SEND_CAP: z.coerce.number().int().min(1).max(10_000_000).default(5_000),
})
  .superRefine((config, ctx) => {
    const required = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (config.NODE_ENV === 'production' && !config.JWT_SECRET) required('JWT_SECRET', 'is required in production');
    if (smsTransportOf(config) === 'twilio') {
      if (!config.TWILIO_ACCOUNT_SID) required('TWILIO_ACCOUNT_SID', 'is required when SMS_TRANSPORT=twilio');
      if (!config.TWILIO_AUTH_TOKEN) required('TWILIO_AUTH_TOKEN', 'is required when SMS_TRANSPORT=twilio');
      if (!config.TWILIO_MESSAGING_SERVICE_SID && !config.TWILIO_FROM_NUMBER) {
        required('TWILIO_FROM_NUMBER', 'or TWILIO_MESSAGING_SERVICE_SID is required when SMS_TRANSPORT=twilio');
      }
      if (!config.PUBLIC_BASE_URL) required('PUBLIC_BASE_URL', 'is required when SMS_TRANSPORT=twilio (status callbacks and signatures use it)');
    }
    if (emailTransportOf(config) === 'smtp' && !config.SMTP_URL) required('SMTP_URL', 'is required when EMAIL_TRANSPORT=smtp');
    if (smsTransportOf(config) === 'twilio' && config.DELIVERY_STUCK_AFTER_MS < 2 * config.TWILIO_TIMEOUT_MS) {
      required('DELIVERY_STUCK_AFTER_MS', 'must be at least twice TWILIO_TIMEOUT_MS');
    }
    if (emailTransportOf(config) === 'smtp' && config.DELIVERY_STUCK_AFTER_MS < 2 * config.SMTP_TIMEOUT_MS) {
      required('DELIVERY_STUCK_AFTER_MS', 'must be at least twice SMTP_TIMEOUT_MS');
    }
    if (config.QUIET_HOURS_START === config.QUIET_HOURS_END) required('QUIET_HOURS_END', 'must differ from QUIET_HOURS_START');
    if (config.SMS_PER_WEEK < config.SMS_PER_DAY) required('SMS_PER_WEEK', 'must be at least SMS_PER_DAY');
    if (config.EMAIL_PER_WEEK < config.EMAIL_PER_DAY) required('EMAIL_PER_WEEK', 'must be at least EMAIL_PER_DAY');
  })
  .transform((config) => ({
    ...config,
    // Outside production a fixed development key keeps `npm start` one command; never in production.
    JWT_SECRET: config.JWT_SECRET ?? 'continuum-development-only-key-not-for-production',
    PUBLIC_BASE_URL: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.API_PORT}`).replace(/\/+$/, ''),
    // No credentials, no sending: messages go to the local outbox.
    SMS_TRANSPORT: smsTransportOf(config),
    EMAIL_TRANSPORT: emailTransportOf(config),
  }));

function smsTransportOf(config: { SMS_TRANSPORT?: 'outbox' | 'twilio'; TWILIO_ACCOUNT_SID?: string; TWILIO_AUTH_TOKEN?: string }) {
  return config.SMS_TRANSPORT ?? (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN ? 'twilio' : 'outbox');
}

function emailTransportOf(config: { EMAIL_TRANSPORT?: 'outbox' | 'smtp'; SMTP_URL?: string }) {
  return config.EMAIL_TRANSPORT ?? (config.SMTP_URL ? 'smtp' : 'outbox');
}

export type AppConfig = z.infer<typeof configSchema>;
