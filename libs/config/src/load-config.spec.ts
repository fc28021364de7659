import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults for a developer machine', () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/continuum');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.DATABASE_MIGRATIONS_RUN).toBe(true);
  });

  it('coerces numbers and booleans from strings', () => {
    const config = loadConfig({ API_PORT: '8080', DATABASE_MIGRATIONS_RUN: 'false' });
    expect(config.API_PORT).toBe(8080);
    expect(config.DATABASE_MIGRATIONS_RUN).toBe(false);
  });

  it('names every wrong variable and the reason', () => {
    let caught: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', QUEUE_PREFIX: 'has space' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(['API_PORT', 'DATABASE_URL', 'QUEUE_PREFIX']);
    expect((caught as ConfigError).message).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('requires a JWT secret in production, and a long one anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET: is required in production');
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET: must be at least 32 characters');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toBe('x'.repeat(32));
  });

  it('refuses access tokens that live longer than 15 minutes', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '3600' })).toThrow('ACCESS_TOKEN_TTL_SECONDS: must be at most 900');
  });
});
