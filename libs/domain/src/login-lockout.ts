/** After this many failed sign-ins in a row, the account is locked for LOCKOUT_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface LoginAttemptState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginAttemptState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after a failed sign-in: counts it, and locks once the limit is reached. */
export function afterFailedLogin(state: LoginAttemptState, now: Date): LoginAttemptState {
  // A lock that has run out starts a fresh count.
  const previous = state.lockedUntil && !isLocked(state, now) ? 0 : state.failedLogins;
  const failedLogins = previous + 1;
  return {
    failedLogins,
    lockedUntil:
      failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : state.lockedUntil,
  };
}
