import type { NodeCheckpoint, SessionFacts } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import type { KnownAudience } from './live-session.ts';
import { LiveSessionRegistry, type SessionOrigins } from './live-session-registry.ts';

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

describe('LiveSessionRegistry', () => {
  it('restores a new session from what the nodes reported, once, even when joins race', async () => {
    let audienceReads = 0;
    const registry = new LiveSessionRegistry(
      'node-a',
      origins({
        storedAudience: async () => {
          audienceReads += 1;
          return none;
        },
      }),
    );
    const [session, racing] = await Promise.all([
      registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)])),
      registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)])),
    ]);
    expect(racing).toBe(session);
    session.addReaction('like');
    expect(await registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)]))).toBe(session);
    expect(session.reactionStats().total).toBe(6);
    expect(session.reportedCounts().reactionCounts).toEqual({ like: 4 });
    expect(audienceReads).toBe(1);
  });

  it('continues from its own totals still waiting for the API rather than the older ones the API has', async () => {
    const undelivered = { ...counts('node-a', 9), sessionId, final: false };
    const registry = new LiveSessionRegistry(
      'node-a',
      origins({ undeliveredTotals: (id) => (id === sessionId ? undelivered : undefined) }),
    );
    const session = await registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)]));
    expect(session.reportedCounts().reactionCounts).toEqual({ like: 9 });
    expect(session.reactionStats().total).toBe(11);
  });

  it('starts a stream on air from everyone counted so far, stored or still undelivered', async () => {
    const registry = new LiveSessionRegistry(
      'node-a',
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
    const session = await registry.getOrCreate(facts([]));
    expect(session.totalViewers).toBe(3);
    expect(session.addClick(product, 'guest:a')).toMatchObject({ firstClick: false, stats: { uniqueClicks: 2 } });
    expect(session.addClick(product, 'guest:b')).toMatchObject({ firstClick: true, stats: { uniqueClicks: 3 } });
  });

  it('does not read an audience for a waiting room', async () => {
    let audienceReads = 0;
    const registry = new LiveSessionRegistry(
      'node-a',
      origins({
        storedAudience: async () => {
          audienceReads += 1;
          return none;
        },
      }),
    );
    await registry.getOrCreate(facts([], 'scheduled'));
    expect(audienceReads).toBe(0);
  });
});
