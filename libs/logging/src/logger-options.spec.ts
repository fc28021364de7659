import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoOptions } from './logger-options';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('pinoOptions', () => {
  it('redacts contact details and answers at any shallow depth', () => {
    const { lines, stream } = capture();
    const logger = pino(pinoOptions('test', 'info'), stream);
    logger.info(
      { phone: '+15005550006', graduate: { email: 'canary@example.org', answers: { mood: 1 } }, id: 'g-1' },
      'something happened',
    );
    const line = lines.join('');
    expect(line).not.toContain('+15005550006');
    expect(line).not.toContain('canary@example.org');
    expect(line).not.toContain('"mood"');
    expect(line).toContain('g-1');
    expect(JSON.parse(line)).toMatchObject({ level: 'info', service: 'test', msg: 'something happened' });
  });

  it('redacts the parameters and row values a database error carries', () => {
    const { lines, stream } = capture();
    const logger = pino(pinoOptions('test', 'info'), stream);
    const err = {
      type: 'QueryFailedError',
      query: 'INSERT INTO graduate (phone) VALUES ($1)',
      parameters: ['+15005550006'],
      driverError: { code: '23505', detail: 'Key (phone)=(+15005550006) already exists.' },
    };
    logger.error({ err }, 'unhandled');
    const line = lines.join('');
    expect(line).not.toContain('5005550006');
    expect(line).toContain('23505');
    expect(line).toContain('INSERT INTO graduate');
  });
});
