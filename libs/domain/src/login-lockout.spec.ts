import { afterFailedLogin, isLocked, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './login-lockout';

describe('login lockout', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('locks on the fifth failure in a row, for fifteen minutes', () => {
    let state = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < MAX_FAILED_LOGINS; i += 1) {
      state = afterFailedLogin(state, now);
      expect(isLocked(state, now)).toBe(false);
    }
    state = afterFailedLogin(state, now);
    expect(state.failedLogins).toBe(MAX_FAILED_LOGINS);
    expect(state.lockedUntil?.toISOString()).toBe('2026-01-01T12:15:00.000Z');
    expect(isLocked(state, new Date(now.getTime() + (LOCKOUT_MINUTES * 60_000 - 1)))).toBe(true);
    expect(isLocked(state, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000))).toBe(false);
  });

  it('starts counting afresh once a lock has run out', () => {
    const expired = { failedLogins: 5, lockedUntil: new Date('2026-01-01T11:00:00Z') };
    expect(afterFailedLogin(expired, now)).toEqual({ failedLogins: 1, lockedUntil: expired.lockedUntil });
  });
});
