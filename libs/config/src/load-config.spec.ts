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

describe('messaging configuration', () => {
  const sid = `AC${'a'.repeat(32)}`;

  it('sends to the local outbox when no credentials are set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ SMS_TRANSPORT: 'outbox', EMAIL_TRANSPORT: 'outbox', PUBLIC_BASE_URL: 'http://localhost:3000' });
  });

  it('uses Twilio and SMTP once their credentials are set', () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: sid,
      TWILIO_AUTH_TOKEN: 'x'.repeat(32),
      TWILIO_FROM_NUMBER: '+15555550100',
      PUBLIC_BASE_URL: 'https://continuum.example.org/',
      SMTP_URL: 'smtp://user:pass@smtp.example.org:587',
    });
    expect(config).toMatchObject({ SMS_TRANSPORT: 'twilio', EMAIL_TRANSPORT: 'smtp', PUBLIC_BASE_URL: 'https://continuum.example.org' });
  });

  it('names what Twilio still needs when it is chosen', () => {
    expect(() => loadConfig({ SMS_TRANSPORT: 'twilio' })).toThrow(
      /TWILIO_ACCOUNT_SID: is required when SMS_TRANSPORT=twilio[\s\S]*TWILIO_AUTH_TOKEN: is required[\s\S]*TWILIO_FROM_NUMBER: or TWILIO_MESSAGING_SERVICE_SID is required[\s\S]*PUBLIC_BASE_URL: is required/,
    );
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'x'.repeat(32) })).toThrow(
      'TWILIO_ACCOUNT_SID: must look like AC followed by 32 hex digits',
    );
    expect(() => loadConfig({ EMAIL_TRANSPORT: 'smtp' })).toThrow('SMTP_URL: is required when EMAIL_TRANSPORT=smtp');
  });

  it('refuses caps and quiet hours that contradict themselves', () => {
    expect(() => loadConfig({ SMS_PER_DAY: '4', SMS_PER_WEEK: '3' })).toThrow('SMS_PER_WEEK: must be at least SMS_PER_DAY');
    expect(() => loadConfig({ QUIET_HOURS_START: '22:00', QUIET_HOURS_END: '22:00' })).toThrow('QUIET_HOURS_END: must differ');
    expect(() => loadConfig({ QUIET_HOURS_START: '9pm' })).toThrow('QUIET_HOURS_START: must be HH:MM');
  });
});
