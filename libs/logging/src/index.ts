export { pinoOptions, REDACTED_PATHS, withLogFile } from './logger-options';
