import pino, { type DestinationStream, type LoggerOptions } from 'pino';

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

/**
 * What nestjs-pino's `pinoHttp` takes: the options, plus a file destination when `LOG_FILE` is set
 * (written synchronously, so nothing is lost on exit); standard output otherwise.
 */
export function withLogFile<T extends object>(options: T, file: string | undefined): T | [T, DestinationStream] {
  return file ? [options, pino.destination({ dest: file, sync: true, mkdir: true })] : options;
}
