import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.js';
import type { LoginResult, SessionInfo, SessionUser } from '../api/types.js';

/** Why the login page is shown again: a second login step that ran out, or "log out everywhere". */
export type LoginNotice = 'expired' | 'loggedOutEverywhere';

interface SessionState {
  user: SessionUser | null;
  /** True until the first session check has answered. */
  checking: boolean;
  /** The password was right and the second login step (a code) is awaited. */
  totpPending: boolean;
  /** A message for the login page about how the last session or attempt ended. */
  loginNotice: LoginNotice | null;
  /** First login step; resolves to what comes next. */
  login(username: string, password: string): Promise<'ok' | 'totp_required'>;
  /** Second login step: a code from the authenticator app or a recovery code. */
  completeLogin(method: 'totp' | 'recovery', code: string): Promise<void>;
  /** Give up a pending login (back to the password step), optionally saying why. */
  cancelLogin(notice?: LoginNotice): Promise<void>;
  logout(): Promise<void>;
  /** End every session of this user, on every device. */
  logoutEverywhere(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checking, setChecking] = useState(true);
  const [totpPending, setTotpPending] = useState(false);
  const [loginNotice, setLoginNotice] = useState<LoginNotice | null>(null);

  const apply = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrfToken ?? null);
    setUser(info?.user ?? null);
    setTotpPending(false);
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
      totpPending,
      loginNotice,
      refresh,
      async login(username, password) {
        setLoginNotice(null);
        const result = await api.post<LoginResult>('/api/auth/login', { username, password });
        if (result.status === 'totp_required') {
          // The pending login has its own CSRF token; the second step needs it.
          setCsrfToken(result.csrfToken);
          setTotpPending(true);
          return 'totp_required';
        }
        apply(result);
        return 'ok';
      },
      async completeLogin(method, code) {
        apply(await api.post<SessionInfo>('/api/auth/login/totp', { method, code }));
      },
      async cancelLogin(notice) {
        setLoginNotice(notice ?? null);
        try {
          await api.post('/api/auth/logout');
        } catch {
          // The pending login may have expired already.
        } finally {
          apply(null);
        }
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } finally {
          apply(null);
        }
      },
      async logoutEverywhere() {
        await api.post('/api/auth/logout-everywhere');
        setLoginNotice('loggedOutEverywhere');
        apply(null);
      },
    }),
    [user, checking, totpPending, loginNotice, refresh, apply],
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
