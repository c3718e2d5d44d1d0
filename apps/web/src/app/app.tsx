import type { WebConfig } from '@showfloor/contracts/rest';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AuthProvider } from '../platform/auth-context.tsx';
import { FeatureTrackingProvider } from '../platform/feature-tracking-context.tsx';
import { RealtimeProvider } from '../platform/realtime-context.tsx';
import { RuntimeConfigProvider } from '../platform/runtime-config-context.tsx';
import type { WebClient } from '../platform/web-client.ts';
import { WebClientProvider } from '../platform/web-client-context.tsx';
import { createQueryClient } from './query-client.ts';
import { routeTable } from './route-table.tsx';

/** The whole app: its clients, who is signed in, its own feature tracking, the live connection, and the pages. */
export function App({ config, client }: { config: WebConfig; client: WebClient }) {
  const queryClient = useMemo(createQueryClient, []);
  const router = useMemo(() => createBrowserRouter(routeTable), []);
  return (
    <RuntimeConfigProvider config={config}>
      <WebClientProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <FeatureTrackingProvider>
              <RealtimeProvider url={config.realtimeUrl}>
                <RouterProvider router={router} />
              </RealtimeProvider>
            </FeatureTrackingProvider>
          </AuthProvider>
        </QueryClientProvider>
      </WebClientProvider>
    </RuntimeConfigProvider>
  );
}
