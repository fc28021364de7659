import { ZodError } from 'zod';
import { AppConfig, configSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment. Throws a ConfigError that names every wrong or
 * missing variable, so a process refuses to boot rather than fail later on first use.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "unset" (docker compose passes `FOO=` through as '').
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  try {
    return Object.freeze(configSchema.parse(cleaned));
  } catch (error) {
    if (error instanceof ZodError) {
      throw new ConfigError(
        error.issues.map((issue) => ({
          variable: issue.path.join('.') || '(environment)',
          reason: issue.message,
        })),
      );
    }
    throw error;
  }
}
