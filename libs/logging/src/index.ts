export { pinoOptions, REDACTED_PATHS } from './logger-options';
