import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, clearTokens, refreshSession, setSignedOutHandler, storedRefreshToken, storeTokens } from './api';

export interface StaffProfile {
  id: string;
  email: string;
  displayName: string;
  role: 'admin' | 'coordinator';
  organisation: { id: string; name: string; slug: string };
}

interface SessionState {
  user: StaffProfile | null;
  /** True while a stored session is being resumed after a reload. */
  resuming: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<StaffProfile | null>(null);
  const [resuming, setResuming] = useState(() => storedRefreshToken() !== null);

  useEffect(() => {
    setSignedOutHandler(() => setUser(null));
    if (!storedRefreshToken()) return;
    refreshSession()
      .then(async (ok) => (ok ? setUser(await api<StaffProfile>('/auth/me')) : undefined))
      .catch(() => setUser(null))
      .finally(() => setResuming(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const result = await api<{ accessToken: string; refreshToken: string; user: StaffProfile }>('/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    storeTokens(result);
    setUser(await api<StaffProfile>('/auth/me'));
  }, []);

  const signOut = useCallback(async () => {
    const refreshToken = storedRefreshToken();
    clearTokens();
    setUser(null);
    if (refreshToken) await api('/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
  }, []);

  const value = useMemo(() => ({ user, resuming, signIn, signOut }), [user, resuming, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in staff member (only under the signed-in layout). */
export function useUser(): StaffProfile {
  const { user } = useSession();
  if (!user) throw new Error('useUser while signed out');
  return user;
}
