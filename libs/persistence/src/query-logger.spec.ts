import { Logger, type LoggerService } from '@nestjs/common';
import { PrivacySafeQueryLogger, statementShape } from './query-logger';

describe('PrivacySafeQueryLogger', () => {
  const lines: unknown[] = [];
  const collector: LoggerService = {
    log: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };

  beforeAll(() => Logger.overrideLogger(collector));
  afterAll(() => Logger.overrideLogger(new Logger()));
  beforeEach(() => (lines.length = 0));

  it('reports a failed query by statement, code and constraint, without parameters or row values', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "uq_graduate_phone"'), {
      code: '23505',
      constraint: 'uq_graduate_phone',
      table: 'graduate',
      detail: 'Key (phone)=(+12133734253) already exists.',
    });
    new PrivacySafeQueryLogger().logQueryError(
      error,
      "INSERT INTO graduate (phone, email, notes) VALUES ($1, $2, 'said she relapsed')",
      ['+12133734253', 'jordan@example.org'],
    );

    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(1);
    expect(text).toContain('23505');
    expect(text).toContain('uq_graduate_phone');
    expect(text).not.toContain('2133734253');
    expect(text).not.toContain('jordan@example.org');
    expect(text).not.toContain('relapsed');
  });

  it('keeps the statement shape but blanks its literals', () => {
    expect(statementShape("SELECT  *\n FROM graduate WHERE email = 'a@b.org' AND note = 'it''s'")).toBe(
      "SELECT * FROM graduate WHERE email = '?' AND note = '?'",
    );
  });
});
