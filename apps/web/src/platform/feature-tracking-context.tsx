import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useAuth } from './auth-context.tsx';
import {
  createFeatureTracker,
  type FeatureTracker,
  type TrackedFeature,
  type TrackProperties,
} from './feature-tracking.ts';
import { useWebClient } from './web-client-context.tsx';

const FeatureTrackingContext = createContext<FeatureTracker | null>(null);

/**
 * The page's one feature tracker, sending as whoever is signed in. Events queued by one person are
 * forgotten when someone else signs in; what is queued when the page is hidden or left is sent then.
 */
export function FeatureTrackingProvider({ children }: { children: ReactNode }) {
  const { api } = useWebClient();
  const { state } = useAuth();
  const signedIn = useRef(false);
  signedIn.current = state.status === 'signed-in';
  const [tracker] = useState(() =>
    createFeatureTracker({
      send: (body, { keepalive }) => api.featureAnalytics.trackBatch({ body }, { keepalive }),
      isSignedIn: () => signedIn.current,
    }),
  );

  const identity = state.user?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again exactly when the signed-in person changes
  useEffect(() => tracker.discard(), [tracker, identity]);

  useEffect(() => {
    const leave = () => void tracker.flush({ keepalive: true });
    // `visibilitychange` to hidden is the last event a phone reliably fires before it discards a tab.
    const hidden = () => document.visibilityState === 'hidden' && leave();
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [tracker]);

  return <FeatureTrackingContext.Provider value={tracker}>{children}</FeatureTrackingContext.Provider>;
}

/** `track('discover.search', { words: 2 })`: counts one interaction of the signed-in person; never throws. */
export function useTrackFeature(): (feature: TrackedFeature, properties?: TrackProperties) => void {
  const tracker = useContext(FeatureTrackingContext);
  if (!tracker) throw new Error('useTrackFeature() outside <FeatureTrackingProvider>');
  return useCallback((feature, properties) => tracker.track(feature, properties), [tracker]);
}
