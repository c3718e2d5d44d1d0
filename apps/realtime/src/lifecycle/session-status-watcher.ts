import type { Clock, Logger } from '@showfloor/server-kit';
import type { CounterStore } from '../state/counter-store.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { IdleSessionRelease } from './idle-session-release.ts';
import type { StreamEnder } from './stream-ender.ts';

/**
 * Re-reads the facts of every tracked session on a cadence: a session that turned `ended`
 * without this node hearing the API's broadcast (it was down, or another node got it) is ended
 * here too, so its totals are flushed and its memory freed.
 */
export function watchTrackedSessions(options: {
  store: Pick<CounterStore, 'sessionIds'>;
  facts: Pick<SessionFactsCache, 'refresh'>;
  streamEnder: Pick<StreamEnder, 'end'>;
  releaseIfIdle: IdleSessionRelease;
  clock: Clock;
  intervalMs: number;
  logger: Logger;
}): { stop(): void } {
  let timer: unknown;
  let stopped = false;
  const check = async () => {
    for (const sessionId of await options.store.sessionIds()) {
      try {
        const facts = await options.facts.refresh(sessionId);
        if (facts.status === 'ended') options.streamEnder.end(sessionId, { announced: false });
        else await options.releaseIfIdle(sessionId);
      } catch (error) {
        options.logger.debug({ err: error, sessionId }, 'session status check failed; will retry');
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = options.clock.setTimeout(
      () =>
        void check()
          .catch((error: unknown) => options.logger.warn({ err: error }, 'tracked sessions unavailable; will retry'))
          .finally(schedule),
      options.intervalMs,
    );
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) options.clock.clearTimeout(timer);
    },
  };
}
