import type { WebConfig } from '@showfloor/contracts/rest';
import { createContext, type ReactNode, useContext } from 'react';

const RuntimeConfigContext = createContext<WebConfig | null>(null);

export function RuntimeConfigProvider({ config, children }: { config: WebConfig; children: ReactNode }) {
  return <RuntimeConfigContext.Provider value={config}>{children}</RuntimeConfigContext.Provider>;
}

/** The deployment's settings from /config.json (the realtime URL, Agora's app id). */
export function useRuntimeConfig(): WebConfig {
  const config = useContext(RuntimeConfigContext);
  if (!config) throw new Error('useRuntimeConfig() outside <RuntimeConfigProvider>');
  return config;
}
