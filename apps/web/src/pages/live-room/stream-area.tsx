import type { SessionStatus } from '@showfloor/contracts/rest';
import { lazy, Component as ReactComponent, type ReactNode, Suspense } from 'react';
import { useRuntimeConfig } from '../../platform/runtime-config-context.tsx';

// Its own chunk with the Agora SDK inside: fetched only when the server has an Agora app id.
const AgoraPlayer = lazy(() => import('./agora-player.tsx'));

/** A player that fails (its chunk did not load, the SDK threw) says so; the rest of the room keeps working. */
class PlayerBoundary extends ReactComponent<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="stream-overlay" role="alert">
        The video player failed to load. Reload to try again — everything else here is live.
      </div>
    );
  }
}

function Placeholder({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <div className="stream-placeholder" data-testid={testId}>
      <span className="stream-placeholder-icon" aria-hidden="true">
        ▶
      </span>
      <p>{children}</p>
    </div>
  );
}

/**
 * Where the video goes: Agora's player when the server is configured for it, a clear placeholder
 * when it is not (never a broken player), and what the status means while there is nothing to play.
 */
export function StreamArea({ sessionId, status }: { sessionId: string; status: SessionStatus }) {
  const { agoraAppId } = useRuntimeConfig();
  let content: ReactNode;
  if (status === 'scheduled') {
    content = (
      <Placeholder testId="stream-not-started">
        This stream has not started yet. Stay here: it starts on its own.
      </Placeholder>
    );
  } else if (status === 'ended') {
    content = <Placeholder testId="stream-over">This stream has ended.</Placeholder>;
  } else if (!agoraAppId) {
    content = (
      <Placeholder testId="video-not-configured">
        Video is not configured on this server — everything else here is live.
      </Placeholder>
    );
  } else {
    content = (
      <PlayerBoundary>
        <Suspense fallback={<Placeholder testId="player-loading">Loading the player…</Placeholder>}>
          <AgoraPlayer sessionId={sessionId} />
        </Suspense>
      </PlayerBoundary>
    );
  }
  return (
    <section className="stream-area" aria-label="Stream">
      {content}
      {status === 'paused' ? (
        <div className="stream-paused" role="status" data-testid="stream-paused">
          ⏸ Paused by the creator
        </div>
      ) : null}
    </section>
  );
}
