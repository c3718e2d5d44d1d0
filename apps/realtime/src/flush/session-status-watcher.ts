import type { Clock, Logger } from '@showfloor/server-kit';
import type { IdleSessionRelease } from '../state/idle-session-release.ts';
import type { LiveSessionRegistry } from '../state/live-session-registry.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { StreamEnder } from './stream-ender.ts';

/**
 * Re-reads the facts of every tracked session on a cadence: a session that turned `ended`
 * without this node hearing the API's broadcast (it was down, or another node got it) is ended
 * here too, so its totals are flushed and its memory freed.
 */
export function watchTrackedSessions(options: {
  registry: LiveSessionRegistry;
  facts: SessionFactsCache;
  streamEnder: StreamEnder;
  releaseIfIdle: IdleSessionRelease;
  clock: Clock;
  intervalMs: number;
  logger: Logger;
}): { stop(): void } {
  let timer: unknown;
  let stopped = false;
  const check = async () => {
    for (const session of [...options.registry.all()]) {
      try {
        const facts = await options.facts.refresh(session.sessionId);
        if (facts.status === 'ended') options.streamEnder.end(session.sessionId, { announced: false });
        else options.releaseIfIdle(session.sessionId);
      } catch (error) {
        options.logger.debug({ err: error, sessionId: session.sessionId }, 'session status check failed; will retry');
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = options.clock.setTimeout(() => void check().finally(schedule), options.intervalMs);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) options.clock.clearTimeout(timer);
    },
  };
}
