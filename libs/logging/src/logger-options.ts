import type { LoggerOptions } from 'pino';

/**
 * Paths pino blanks out wherever they appear. Our code logs ids only; this list is the
 * second wall, for the day someone logs an object carrying contact details or answers.
 */
export const REDACTED_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  ...[
    'phone',
    'phoneNumber',
    'to',
    'from',
    'email',
    'address',
    'body',
    'text',
    'html',
    'answer',
    'answers',
    'notes',
    'password',
    'token',
    'refreshToken',
    // Database errors carry the statement's parameters and Postgres's `detail` (row values).
    'parameters',
    'detail',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export function pinoOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  };
}
