import type { NodeCheckpoint, SessionFacts } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import type { KnownAudience } from '../state/counter-store.ts';
import { InMemoryCounterStore } from '../state/in-memory-counter-store.ts';
import { type SessionOrigins, SessionPickUp } from './session-pick-up.ts';

const sessionId = '00000000-0000-4000-8000-0000000000a1';
const product = '00000000-0000-4000-8000-0000000000f1';

function facts(checkpoints: NodeCheckpoint[], status: SessionFacts['status'] = 'live'): SessionFacts {
  return {
    id: sessionId,
    creatorId: '00000000-0000-4000-8000-0000000000c1',
    status,
    enableViewerAnalytics: true,
    activeProductId: null,
    productIds: [],
    checkpoints,
  };
}

function counts(nodeId: string, likes: number): NodeCheckpoint {
  return { nodeId, reactionCounts: { like: likes }, productClicks: [], peakViewers: 1, totalViewers: 1 };
}

const none: KnownAudience = { viewerKeys: [], clickers: [] };

function origins(overrides: Partial<SessionOrigins> = {}): SessionOrigins {
  return {
    undeliveredTotals: () => undefined,
    storedAudience: async () => none,
    undeliveredAudience: () => none,
    ...overrides,
  };
}

describe('SessionPickUp', () => {
  it('starts a new session from what the nodes reported, once, even when joins race', async () => {
    let audienceReads = 0;
    const store = new InMemoryCounterStore();
    const pickUp = new SessionPickUp(
      'node-a',
      store,
      origins({
        storedAudience: async () => {
          audienceReads += 1;
          return none;
        },
      }),
    );
    const reported = [counts('node-a', 3), counts('node-b', 2)];
    await Promise.all([pickUp.track(facts(reported)), pickUp.track(facts(reported))]);
    await store.addReaction(sessionId, 'like');
    await pickUp.track(facts(reported));
    expect(await store.reactionStats(sessionId)).toMatchObject({ total: 6 });
    expect((await store.reportedCounts(sessionId))?.reactionCounts).toEqual({ like: 4 });
    expect(audienceReads).toBe(1);
  });

  it('continues from its own totals still waiting for the API rather than the older ones the API has', async () => {
    const undelivered = { ...counts('node-a', 9), sessionId, final: false };
    const store = new InMemoryCounterStore();
    const pickUp = new SessionPickUp(
      'node-a',
      store,
      origins({ undeliveredTotals: (id) => (id === sessionId ? undelivered : undefined) }),
    );
    await pickUp.track(facts([counts('node-a', 3), counts('node-b', 2)]));
    expect((await store.reportedCounts(sessionId))?.reactionCounts).toEqual({ like: 9 });
    expect(await store.reactionStats(sessionId)).toMatchObject({ total: 11 });
  });

  it('starts a stream on air from everyone counted so far, stored or still undelivered', async () => {
    const store = new InMemoryCounterStore();
    const pickUp = new SessionPickUp(
      'node-a',
      store,
      origins({
        storedAudience: async () => ({
          viewerKeys: ['guest:a', 'guest:b'],
          clickers: [{ productId: product, viewerKeys: ['guest:a'] }],
        }),
        undeliveredAudience: () => ({
          viewerKeys: ['guest:c'],
          clickers: [{ productId: product, viewerKeys: ['guest:c'] }],
        }),
      }),
    );
    await pickUp.track(facts([]));
    expect(await store.reportedCounts(sessionId)).toMatchObject({ totalViewers: 3 });
    expect(await store.addClick(sessionId, product, 'guest:a')).toMatchObject({
      firstClick: false,
      stats: { uniqueClicks: 2 },
    });
    expect(await store.addClick(sessionId, product, 'guest:b')).toMatchObject({
      firstClick: true,
      stats: { uniqueClicks: 3 },
    });
  });

  it('does not read an audience for a waiting room', async () => {
    let audienceReads = 0;
    const store = new InMemoryCounterStore();
    const pickUp = new SessionPickUp(
      'node-a',
      store,
      origins({
        storedAudience: async () => {
          audienceReads += 1;
          return none;
        },
      }),
    );
    await pickUp.track(facts([], 'scheduled'));
    expect(await store.isTracked(sessionId)).toBe(true);
    expect(audienceReads).toBe(0);
  });
});
