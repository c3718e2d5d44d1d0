import { createLogger, type ProcessPeers } from '@showfloor/server-kit';
import { describe, expect, it } from 'vitest';
import { type CacheEviction, createCacheEvictions } from './cache-evictions.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

/** Two processes' peers joined in memory (the cluster relay is tested end to end in api-processes.test.ts). */
function pairedPeers(): [ProcessPeers, ProcessPeers] {
  const handlers: Array<Array<(message: unknown) => void>> = [[], []];
  const peer = (index: 0 | 1): ProcessPeers => ({
    index,
    size: 2,
    async broadcast(message) {
      for (const handler of handlers[1 - index] ?? []) handler(message);
    },
    onMessage(handler) {
      handlers[index]?.push(handler);
    },
  });
  return [peer(0), peer(1)];
}

describe('cache evictions', () => {
  it('reaches every cache registered in this process and in the peers before evict resolves', async () => {
    const [first, second] = pairedPeers();
    const here = createCacheEvictions({ peers: first, logger });
    const there = createCacheEvictions({ peers: second, logger });
    const seen: string[] = [];
    here.register((eviction) => seen.push(`public-here:${eviction.cache}`));
    here.register((eviction) => seen.push(`internal-here:${eviction.cache}`));
    there.register((eviction) => seen.push(`there:${eviction.cache}`));

    await here.evict({ cache: 'session', sessionId: 's1' });
    expect(seen.sort()).toEqual(['internal-here:session', 'public-here:session', 'there:session']);
  });

  it('ignores what a peer sends that is not an eviction', async () => {
    const [first, second] = pairedPeers();
    createCacheEvictions({ peers: first, logger });
    const there = createCacheEvictions({ peers: second, logger });
    const seen: CacheEviction[] = [];
    there.register((eviction) => seen.push(eviction));
    await first.broadcast({ cache: 'session' }); // no sessionId
    await first.broadcast({ cache: 'everything' });
    await first.broadcast({ cache: 'chat', sessionId: 's2' });
    expect(seen).toEqual([{ cache: 'chat', sessionId: 's2' }]);
  });
});
