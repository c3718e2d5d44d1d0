import type { ApiClient } from '@showfloor/client';
import { createContext, type ReactNode, useContext } from 'react';
import type { WebClient } from './web-client.ts';

const WebClientContext = createContext<WebClient | null>(null);

export function WebClientProvider({ client, children }: { client: WebClient; children: ReactNode }) {
  return <WebClientContext.Provider value={client}>{children}</WebClientContext.Provider>;
}

export function useWebClient(): WebClient {
  const client = useContext(WebClientContext);
  if (!client) throw new Error('useWebClient() outside <WebClientProvider>');
  return client;
}

/** The typed REST client: `useApi().sessions.get({ params: { sessionId } })`. */
export function useApi(): ApiClient {
  return useWebClient().api;
}
