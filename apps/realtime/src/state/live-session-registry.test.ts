import type { NodeCheckpoint, SessionFacts } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import { LiveSessionRegistry } from './live-session-registry.ts';

const sessionId = '00000000-0000-4000-8000-0000000000a1';

function facts(checkpoints: NodeCheckpoint[]): SessionFacts {
  return {
    id: sessionId,
    creatorId: '00000000-0000-4000-8000-0000000000c1',
    status: 'live',
    enableViewerAnalytics: true,
    activeProductId: null,
    productIds: [],
    checkpoints,
  };
}

function counts(nodeId: string, likes: number): NodeCheckpoint {
  return { nodeId, reactionCounts: { like: likes }, productClicks: [], peakViewers: 1, totalViewers: 1 };
}

describe('LiveSessionRegistry', () => {
  it('restores a new session from what the nodes reported, once', () => {
    const registry = new LiveSessionRegistry('node-a');
    const session = registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)]));
    session.addReaction('like');
    expect(registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)]))).toBe(session);
    expect(session.reactionStats().total).toBe(6);
    expect(session.reportedCounts().reactionCounts).toEqual({ like: 4 });
  });

  it('continues from its own totals still waiting for the API rather than the older ones the API has', () => {
    const undelivered = { ...counts('node-a', 9), sessionId, final: false };
    const registry = new LiveSessionRegistry('node-a', (id) => (id === sessionId ? undelivered : undefined));
    const session = registry.getOrCreate(facts([counts('node-a', 3), counts('node-b', 2)]));
    expect(session.reportedCounts().reactionCounts).toEqual({ like: 9 });
    expect(session.reactionStats().total).toBe(11);
  });
});
