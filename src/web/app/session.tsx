import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.js';
import type { SessionInfo, SessionUser } from '../api/types.js';

interface SessionState {
  user: SessionUser | null;
  /** True until the first session check has answered. */
  checking: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checking, setChecking] = useState(true);

  const apply = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrfToken ?? null);
    setUser(info?.user ?? null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await api.get<SessionInfo>('/api/auth/session'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      apply(null);
    } finally {
      setChecking(false);
    }
  }, [apply]);

  useEffect(() => {
    setUnauthorizedHandler(() => apply(null));
    void refresh();
    return () => setUnauthorizedHandler(null);
  }, [apply, refresh]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      checking,
      refresh,
      async login(username, password) {
        apply(await api.post<SessionInfo>('/api/auth/login', { username, password }));
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } finally {
          apply(null);
        }
      },
    }),
    [user, checking, refresh, apply],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The logged-in user; only for pages behind the login. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}
