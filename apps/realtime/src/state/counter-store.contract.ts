import { randomUUID } from 'node:crypto';
import type { NodeCheckpoint } from '@showfloor/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import type { CounterStore, SessionStart } from './counter-store.ts';
import { guestIdentity, userIdentity } from './viewer-identity.ts';

/** How a contract run gets a store of the kind under test, and gives it back. */
export interface CounterStoreFixture {
  /** An empty store (a shared one under a key prefix of its own). */
  create(): CounterStore | Promise<CounterStore>;
  dispose?(store: CounterStore): void | Promise<void>;
}

const nodeId = 'node-a';
const at = (seconds: number) => Date.UTC(2026, 10, 23, 10, 0, seconds);

/**
 * The behaviour every counter store must have (in memory, or shared through Redis), run by each
 * implementation's test file. Every test uses fresh session ids, so a shared server needs no flush.
 */
export function describeCounterStoreContract(name: string, fixture: CounterStoreFixture): void {
  describe(`${name} (counter store contract)`, () => {
    const created: CounterStore[] = [];
    afterEach(async () => {
      for (const store of created.splice(0)) await fixture.dispose?.(store);
    });

    async function storeWithSession(start: Partial<SessionStart> = {}) {
      const store = await fixture.create();
      created.push(store);
      const session: SessionStart = {
        sessionId: randomUUID(),
        creatorId: randomUUID(),
        checkpoints: [],
        nodeId,
        audiences: [],
        ...start,
      };
      await store.start(session);
      return { store, sessionId: session.sessionId, creatorId: session.creatorId };
    }

    describe('viewers', () => {
      it('counts distinct viewers by identity, not by socket', async () => {
        const { store, sessionId } = await storeWithSession();
        const user = randomUUID();
        await store.join(sessionId, guestIdentity('g1'), 'socket-1', at(0));
        await store.join(sessionId, guestIdentity('g2'), 'socket-2', at(0));
        await store.join(sessionId, userIdentity(user, 'user'), 'socket-3', at(0));
        const secondTab = await store.join(sessionId, userIdentity(user, 'user'), 'socket-4', at(1));
        expect(secondTab).toMatchObject({ role: 'subscriber', countChanged: false, viewerCount: 3 });
        expect(await store.watchingNow([sessionId])).toEqual(new Map([[sessionId, 3]]));
        expect(await store.reportedCounts(sessionId)).toMatchObject({ totalViewers: 3, peakViewers: 3 });
      });

      it('does not count the creator, who is the publisher; another creator is a subscriber', async () => {
        const { store, sessionId, creatorId } = await storeWithSession();
        const own = await store.join(sessionId, userIdentity(creatorId, 'creator'), 'socket-1', at(0));
        expect(own).toMatchObject({ role: 'publisher', countChanged: false, viewerCount: 0 });
        expect(own?.views).toEqual([expect.objectContaining({ role: 'publisher', userId: creatorId, leftAt: null })]);
        const other = await store.join(sessionId, userIdentity(randomUUID(), 'creator'), 'socket-2', at(0));
        expect(other).toMatchObject({ role: 'subscriber', countChanged: true, viewerCount: 1 });
        expect(await store.reportedCounts(sessionId)).toMatchObject({ totalViewers: 1, peakViewers: 1 });
      });

      it('keeps the count through a reload: the old view closes, a new one opens, the last socket out leaves', async () => {
        const { store, sessionId } = await storeWithSession();
        const viewer = guestIdentity('g1');
        const first = await store.join(sessionId, viewer, 'socket-1', at(0));
        const reload = await store.join(sessionId, viewer, 'socket-2', at(60));
        expect(reload).toMatchObject({ countChanged: false, viewerCount: 1 });
        expect(reload?.views).toEqual([
          expect.objectContaining({
            id: first?.views[0]?.id,
            leftAt: new Date(at(60)).toISOString(),
            watchDuration: 60,
          }),
          expect.objectContaining({ socketId: 'socket-2', leftAt: null }),
        ]);
        expect(await store.leave(sessionId, viewer.viewerKey, 'socket-1', at(70))).toEqual({ countChanged: false });
        const last = await store.leave(sessionId, viewer.viewerKey, 'socket-2', at(90));
        expect(last).toMatchObject({ countChanged: true, closed: { id: reload?.views[1]?.id, watchDuration: 30 } });
        expect(await store.watchingNow([sessionId])).toEqual(new Map([[sessionId, 0]]));
      });

      it('keeps the peak and the distinct viewers after people leave; watching now follows who is there', async () => {
        const { store, sessionId } = await storeWithSession();
        for (const guest of ['g1', 'g2', 'g3']) await store.join(sessionId, guestIdentity(guest), guest, at(0));
        await store.leave(sessionId, 'guest:g2', 'g2', at(5));
        await store.leave(sessionId, 'guest:g3', 'g3', at(6));
        await store.join(sessionId, guestIdentity('g4'), 'g4', at(7));
        expect(await store.watchingNow([sessionId])).toEqual(new Map([[sessionId, 2]]));
        expect(await store.reportedCounts(sessionId)).toMatchObject({ peakViewers: 3, totalViewers: 4 });
      });

      it('lists who is watching now, with how long they have watched', async () => {
        const { store, sessionId, creatorId } = await storeWithSession();
        const user = randomUUID();
        await store.join(sessionId, userIdentity(creatorId, 'creator'), 'socket-0', at(0));
        await store.join(sessionId, userIdentity(user, 'user'), 'socket-1', at(10));
        await store.join(sessionId, guestIdentity('g1'), 'socket-2', at(40));
        const live = await store.liveCounts(sessionId, at(70));
        expect(live).toMatchObject({ viewerCount: 2, peakViewers: 2, totalViewers: 2 });
        expect(live?.viewers).toEqual(
          expect.arrayContaining([
            {
              viewerKey: `user:${user}`,
              userId: user,
              guestId: null,
              joinedAt: new Date(at(10)).toISOString(),
              watchDuration: 60,
            },
            {
              viewerKey: 'guest:g1',
              userId: null,
              guestId: 'g1',
              joinedAt: new Date(at(40)).toISOString(),
              watchDuration: 30,
            },
          ]),
        );
        expect(live?.viewers).toHaveLength(2);
      });

      it('closes every open view at shutdown and keeps the counts', async () => {
        const { store, sessionId } = await storeWithSession();
        await store.join(sessionId, guestIdentity('g1'), 'socket-1', at(0));
        await store.join(sessionId, guestIdentity('g2'), 'socket-2', at(0));
        const closed = await store.closeAllViews(sessionId, at(30));
        expect(closed.map((view) => [view.viewerKey, view.watchDuration]).sort()).toEqual([
          ['guest:g1', 30],
          ['guest:g2', 30],
        ]);
        expect(await store.watchingNow([sessionId])).toEqual(new Map([[sessionId, 0]]));
        expect(await store.reportedCounts(sessionId)).toMatchObject({ peakViewers: 2, totalViewers: 2 });
        // The views are closed once: the sockets' later disconnects close nothing.
        expect(await store.leave(sessionId, 'guest:g1', 'socket-1', at(31))).toEqual({ countChanged: false });
      });
    });

    describe('reactions and clicks', () => {
      it('counts reactions per type', async () => {
        const { store, sessionId } = await storeWithSession();
        for (const type of ['heart', 'heart', 'fire']) expect(await store.addReaction(sessionId, type)).toBe(true);
        expect(await store.reactionStats(sessionId)).toEqual({ counts: { heart: 2, fire: 1 }, total: 3 });
        expect(await store.reportedCounts(sessionId)).toMatchObject({ reactionCounts: { heart: 2, fire: 1 } });
      });

      it('counts unique clickers by identity beside total clicks, with CTR over distinct viewers', async () => {
        const { store, sessionId } = await storeWithSession();
        const [p1, p2] = [randomUUID(), randomUUID()];
        for (const guest of ['g1', 'g2', 'g3']) await store.join(sessionId, guestIdentity(guest), guest, at(0));
        expect(await store.clickStats(sessionId)).toBeUndefined();
        expect(await store.addClick(sessionId, p1, 'guest:g1')).toEqual({
          stats: { productId: p1, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 33.3 },
          firstClick: true,
        });
        expect(await store.addClick(sessionId, p1, 'guest:g1')).toMatchObject({
          stats: { uniqueClicks: 1, totalClicks: 2 },
          firstClick: false,
        });
        await store.addClick(sessionId, p2, 'guest:g1');
        await store.addClick(sessionId, p2, 'guest:g2');
        expect(await store.clickStats(sessionId)).toEqual({
          productStats: [
            { productId: p2, uniqueClicks: 2, totalClicks: 2, clickThroughRate: 66.7 },
            { productId: p1, uniqueClicks: 1, totalClicks: 2, clickThroughRate: 33.3 },
          ],
          totalViewers: 3,
        });
      });
    });

    describe('restore and seed', () => {
      const [p1, p2] = [randomUUID(), randomUUID()];
      const checkpoints: NodeCheckpoint[] = [
        {
          nodeId,
          reactionCounts: { like: 5 },
          productClicks: [{ productId: p1, uniqueClicks: 2, totalClicks: 3 }],
          peakViewers: 4,
          totalViewers: 6,
        },
        {
          nodeId: 'node-b',
          reactionCounts: { like: 10, fire: 1 },
          productClicks: [{ productId: p2, uniqueClicks: 1, totalClicks: 1 }],
          peakViewers: 9,
          totalViewers: 2,
        },
      ];

      it("continues from its own checkpoint and shows other nodes' counts without reporting them", async () => {
        const { store, sessionId } = await storeWithSession({ checkpoints });
        await store.addReaction(sessionId, 'like');
        expect(await store.reactionStats(sessionId)).toEqual({ counts: { like: 16, fire: 1 }, total: 17 });
        const reported = await store.reportedCounts(sessionId);
        expect(reported).toMatchObject({ reactionCounts: { like: 6 }, peakViewers: 4, totalViewers: 6 });
        expect(reported?.productClicks.map((stat) => [stat.productId, stat.uniqueClicks, stat.totalClicks])).toEqual([
          [p1, 2, 3],
        ]);
      });

      it('counts someone already in the audience once when they come back, as viewer and as clicker', async () => {
        const { store, sessionId } = await storeWithSession({
          checkpoints,
          audiences: [
            { viewerKeys: ['guest:a', 'guest:b'], clickers: [{ productId: p1, viewerKeys: ['guest:a'] }] },
            { viewerKeys: ['guest:c'], clickers: [{ productId: p1, viewerKeys: ['guest:c'] }] },
          ],
        });
        await store.join(sessionId, guestIdentity('a'), 'socket-1', at(0));
        // Six viewers were reported, three are known by name: the floor stands until more come.
        expect(await store.reportedCounts(sessionId)).toMatchObject({ totalViewers: 6 });
        expect(await store.addClick(sessionId, p1, 'guest:a')).toMatchObject({
          firstClick: false,
          stats: { uniqueClicks: 2, totalClicks: 4 },
        });
        expect(await store.addClick(sessionId, p1, 'guest:b')).toMatchObject({
          firstClick: true,
          stats: { uniqueClicks: 3, totalClicks: 5 },
        });
      });

      it('starts a session once: a second start leaves what was counted', async () => {
        const { store, sessionId, creatorId } = await storeWithSession();
        await store.addReaction(sessionId, 'like');
        await store.start({ sessionId, creatorId, checkpoints, nodeId, audiences: [] });
        expect(await store.reactionStats(sessionId)).toEqual({ counts: { like: 1 }, total: 1 });
      });
    });

    describe('tracking', () => {
      it('keeps sessions apart and lists them', async () => {
        const { store, sessionId } = await storeWithSession();
        const other = randomUUID();
        await store.start({ sessionId: other, creatorId: randomUUID(), checkpoints: [], nodeId, audiences: [] });
        await store.join(sessionId, guestIdentity('g1'), 'socket-1', at(0));
        await store.addReaction(other, 'fire');
        expect((await store.sessionIds()).sort()).toEqual([sessionId, other].sort());
        expect(await store.watchingNow([sessionId, other])).toEqual(
          new Map([
            [sessionId, 1],
            [other, 0],
          ]),
        );
        expect(await store.reactionStats(sessionId)).toEqual({ counts: {}, total: 0 });
      });

      it('releases a session once, with its open views closed and its final counts', async () => {
        const { store, sessionId } = await storeWithSession();
        await store.join(sessionId, guestIdentity('g1'), 'socket-1', at(0));
        await store.addReaction(sessionId, 'heart');
        const released = await store.release(sessionId, at(45));
        expect(released?.closedViews).toEqual([expect.objectContaining({ viewerKey: 'guest:g1', watchDuration: 45 })]);
        expect(released?.counts).toMatchObject({ reactionCounts: { heart: 1 }, peakViewers: 1, totalViewers: 1 });
        expect(await store.release(sessionId, at(46))).toBeUndefined();
        expect(await store.isTracked(sessionId)).toBe(false);
        expect(await store.sessionIds()).toEqual([]);
      });

      it('releases an empty session only: a publisher alone keeps it tracked', async () => {
        const { store, sessionId, creatorId } = await storeWithSession();
        await store.join(sessionId, userIdentity(creatorId, 'creator'), 'socket-1', at(0));
        expect(await store.releaseIfEmpty(sessionId)).toBe(false);
        expect(await store.isTracked(sessionId)).toBe(true);
        await store.leave(sessionId, `user:${creatorId}`, 'socket-1', at(5));
        expect(await store.releaseIfEmpty(sessionId)).toBe(true);
        expect(await store.isTracked(sessionId)).toBe(false);
        expect(await store.releaseIfEmpty(sessionId)).toBe(false);
      });

      it('changes nothing for a session it does not track', async () => {
        const store = await fixture.create();
        created.push(store);
        const sessionId = randomUUID();
        expect(await store.isTracked(sessionId)).toBe(false);
        expect(await store.join(sessionId, guestIdentity('g1'), 'socket-1', at(0))).toBeUndefined();
        expect(await store.leave(sessionId, 'guest:g1', 'socket-1', at(1))).toEqual({ countChanged: false });
        expect(await store.addReaction(sessionId, 'like')).toBe(false);
        expect(await store.addClick(sessionId, randomUUID(), 'guest:g1')).toBeUndefined();
        expect(await store.watchingNow([sessionId])).toEqual(new Map());
        expect(await store.reactionStats(sessionId)).toBeUndefined();
        expect(await store.liveCounts(sessionId, at(2))).toBeUndefined();
        expect(await store.reportedCounts(sessionId)).toBeUndefined();
        expect(await store.closeAllViews(sessionId, at(3))).toEqual([]);
        expect(await store.sessionIds()).toEqual([]);
      });
    });
  });
}
