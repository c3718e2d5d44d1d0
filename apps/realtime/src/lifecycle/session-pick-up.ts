import { isOnAir, type NodeCheckpoint, type SessionFacts } from '@showfloor/contracts';
import type { CounterStore, KnownAudience } from '../state/counter-store.ts';

/** Where a session picked up by this node starts from, besides what the facts carry. */
export interface SessionOrigins {
  /**
   * This node's totals for a session that the API has not accepted yet (spooled at the last
   * shutdown, or waiting out a retry): newer than what the API hands back.
   */
  undeliveredTotals(sessionId: string): NodeCheckpoint | undefined;
  /** Everyone the API has counted so far; undefined when it cannot say (it is down). */
  storedAudience(sessionId: string): Promise<KnownAudience | undefined>;
  /** Viewers and clickers this node saw whose records have not reached the API yet. */
  undeliveredAudience(sessionId: string): KnownAudience;
}

const noOrigins: SessionOrigins = {
  undeliveredTotals: () => undefined,
  storedAudience: async () => undefined,
  undeliveredAudience: () => ({ viewerKeys: [], clickers: [] }),
};

/**
 * Picks sessions up into the counter store the first time this node needs them: from what the
 * nodes reported so far and, for a stream on air, from everyone already counted in it.
 * Concurrent first joins share one pick-up, so the audience is read once.
 */
export class SessionPickUp {
  private readonly pickingUp = new Map<string, Promise<void>>();

  constructor(
    private readonly nodeId: string,
    private readonly store: Pick<CounterStore, 'isTracked' | 'start'>,
    private readonly origins: SessionOrigins = noOrigins,
  ) {}

  /** Resolves once the store tracks the session. */
  track(facts: SessionFacts): Promise<void> {
    let pickingUp = this.pickingUp.get(facts.id);
    if (!pickingUp) {
      pickingUp = this.pickUp(facts).finally(() => this.pickingUp.delete(facts.id));
      this.pickingUp.set(facts.id, pickingUp);
    }
    return pickingUp;
  }

  private async pickUp(facts: SessionFacts): Promise<void> {
    if (await this.store.isTracked(facts.id)) return;
    const undelivered = this.origins.undeliveredTotals(facts.id);
    const checkpoints =
      undelivered?.nodeId === this.nodeId
        ? [...facts.checkpoints.filter((checkpoint) => checkpoint.nodeId !== this.nodeId), undelivered]
        : facts.checkpoints;
    const audiences: KnownAudience[] = [];
    // A waiting room has no audience to carry on from; a stream on air may (a restart, another node).
    if (isOnAir(facts.status)) {
      const stored = await this.origins.storedAudience(facts.id);
      if (stored) audiences.push(stored);
    }
    // Read after the stored audience arrives, so records queued meanwhile are in it too.
    audiences.push(this.origins.undeliveredAudience(facts.id));
    await this.store.start({
      sessionId: facts.id,
      creatorId: facts.creatorId,
      checkpoints,
      nodeId: this.nodeId,
      audiences,
    });
  }
}
