import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a prompt result through', async () => {
    await expect(withTimeout(Promise.resolve(7), 100)).resolves.toBe(7);
  });

  it('rejects with the message when the promise is too slow', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 20, 'too slow')).rejects.toThrow('too slow');
  });
});
