import type { LoginBody, RegisterBody, UserView } from '@showfloor/contracts/rest';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useWebClient } from './web-client-context.tsx';

export type AuthState =
  | { status: 'checking'; user: null }
  | { status: 'guest'; user: null }
  | { status: 'signed-in'; user: UserView };

export interface Auth {
  state: AuthState;
  /** The signed-in person, or null (a guest, or still checking). */
  user: UserView | null;
  signIn(body: LoginBody): Promise<UserView>;
  register(body: RegisterBody): Promise<UserView>;
  /** Revokes the login on the API (the refresh cookie with it), then forgets everything cached. */
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { api, onTokensChange } = useWebClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'checking', user: null });

  useEffect(() => {
    let cancelled = false;
    // A reload knows nothing but the cookie: one refresh tells whether someone is signed in.
    void (async () => {
      const token = await api.refreshAccessToken();
      if (token === null) return { status: 'guest', user: null } as const;
      const { data } = await api.auth.currentUser();
      return { status: 'signed-in', user: data } as const;
    })()
      .catch(() => ({ status: 'guest', user: null }) as const)
      .then((next) => {
        if (!cancelled) setState(next);
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEffect(
    () =>
      // The API refused the refresh cookie (expired, revoked elsewhere): this page is a guest now.
      onTokensChange((tokens) => {
        if (tokens === null) setState({ status: 'guest', user: null });
      }),
    [onTokensChange],
  );

  const signIn = useCallback(
    async (body: LoginBody) => {
      const { data } = await api.auth.login({ body });
      queryClient.clear();
      setState({ status: 'signed-in', user: data.user });
      return data.user;
    },
    [api, queryClient],
  );

  const register = useCallback(
    async (body: RegisterBody) => {
      const { data } = await api.auth.register({ body });
      queryClient.clear();
      setState({ status: 'signed-in', user: data.user });
      return data.user;
    },
    [api, queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      queryClient.clear();
      setState({ status: 'guest', user: null });
    }
  }, [api, queryClient]);

  const auth = useMemo<Auth>(
    () => ({ state, user: state.user, signIn, register, signOut }),
    [state, signIn, register, signOut],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() outside <AuthProvider>');
  return auth;
}
