import { describe, expect, it } from 'vitest';
import { LiveSession } from './live-session.ts';
import { guestIdentity, userIdentity } from './viewer-identity.ts';

const creator = '10000000-0000-4000-8000-000000000001';
const otherCreator = '10000000-0000-4000-8000-000000000002';
const viewer = '10000000-0000-4000-8000-000000000003';
const product = (n: number) => `20000000-0000-4000-8000-00000000000${n}`;

describe('LiveSession viewers (seed 003 scenarios)', () => {
  it('1. the creator joining their own stream is a publisher and is not counted', () => {
    const session = new LiveSession('s', creator);
    const outcome = session.join(userIdentity(creator, 'creator'), 'sock-1', 0);
    expect(outcome).toMatchObject({ role: 'publisher', countChanged: false });
    expect(session.viewerCount).toBe(0);
    expect(outcome.views[0]).toMatchObject({ role: 'publisher', userId: creator, leftAt: null });
  });

  it('2. a viewer is a counted subscriber', () => {
    const session = new LiveSession('s', creator);
    expect(session.join(userIdentity(viewer, 'user'), 'sock-1', 0).role).toBe('subscriber');
    expect(session.viewerCount).toBe(1);
  });

  it('3. a reload closes the previous view, opens a new one, and keeps the count', () => {
    const session = new LiveSession('s', creator);
    const first = session.join(userIdentity(viewer, 'user'), 'sock-1', 1_000);
    const reload = session.join(userIdentity(viewer, 'user'), 'sock-2', 61_000);
    expect(session.viewerCount).toBe(1);
    expect(reload.countChanged).toBe(false);
    expect(reload.views).toHaveLength(2);
    expect(reload.views[0]).toMatchObject({
      id: first.views[0]?.id,
      leftAt: new Date(61_000).toISOString(),
      watchDuration: 60,
    });
    expect(reload.views[1]).toMatchObject({ leftAt: null, socketId: 'sock-2' });
    // The old tab closing does not drop the viewer; the last one does.
    expect(session.leave(`user:${viewer}`, 'sock-1', 70_000).countChanged).toBe(false);
    const last = session.leave(`user:${viewer}`, 'sock-2', 91_000);
    expect(last).toMatchObject({ countChanged: true, closed: { id: reload.views[1]?.id, watchDuration: 30 } });
    expect(session.viewerCount).toBe(0);
  });

  it('4. a creator watching another creator is a counted subscriber', () => {
    const session = new LiveSession('s', creator);
    expect(session.join(userIdentity(otherCreator, 'creator'), 'sock-1', 0).role).toBe('subscriber');
    expect(session.viewerCount).toBe(1);
  });

  it('counts guests by their kept id, and tracks peak and total distinct viewers', () => {
    const session = new LiveSession('s', creator);
    for (const [guest, socket] of [
      ['g1', 'a'],
      ['g2', 'b'],
      ['g3', 'c'],
      ['g1', 'd'],
    ] as const) {
      session.join(guestIdentity(guest), socket, 0);
    }
    expect(session.viewerCount).toBe(3);
    session.leave('guest:g3', 'c', 5);
    expect([session.viewerCount, session.peakViewers, session.totalViewers]).toEqual([2, 3, 3]);
  });
});

describe('LiveSession reactions and clicks', () => {
  it('counts reactions per type', () => {
    const session = new LiveSession('s', creator);
    for (const type of ['heart', 'heart', 'fire']) session.addReaction(type);
    expect(session.reactionStats()).toEqual({ counts: { heart: 2, fire: 1 }, total: 3 });
  });

  it('counts unique clicks by viewer, CTR over distinct subscribers, trending by unique clicks', () => {
    const session = new LiveSession('s', creator);
    for (const guest of ['g1', 'g2', 'g3']) session.join(guestIdentity(guest), guest, 0);
    session.addClick(product(1), 'guest:g1');
    session.addClick(product(1), 'guest:g1');
    session.addClick(product(2), 'guest:g1');
    session.addClick(product(2), 'guest:g2');
    expect(session.clickStats()).toEqual([
      { productId: product(2), uniqueClicks: 2, totalClicks: 2, clickThroughRate: 66.7 },
      { productId: product(1), uniqueClicks: 1, totalClicks: 2, clickThroughRate: 33.3 },
    ]);
  });

  it("continues from its own checkpoint and shows other nodes' counts without reporting them", () => {
    const session = new LiveSession('s', creator);
    session.restore(
      [
        {
          nodeId: 'this-node',
          reactionCounts: { like: 5 },
          productClicks: [{ productId: product(1), uniqueClicks: 2, totalClicks: 3 }],
          peakViewers: 4,
          totalViewers: 6,
        },
        {
          nodeId: 'other-node',
          reactionCounts: { like: 10, fire: 1 },
          productClicks: [{ productId: product(2), uniqueClicks: 1, totalClicks: 1 }],
          peakViewers: 9,
          totalViewers: 2,
        },
      ],
      'this-node',
    );
    session.seedAudience({
      viewerKeys: ['guest:a', 'guest:b', 'guest:c', 'guest:d', 'guest:e', 'guest:f', 'guest:g'],
      clickers: [
        { productId: product(1), viewerKeys: ['guest:a', 'guest:b'] },
        { productId: product(2), viewerKeys: ['guest:g'] },
      ],
    });
    session.join(guestIdentity('new'), 'socket-1', 0);
    session.addReaction('like');
    expect(session.addClick(product(1), 'guest:new')).toEqual({
      stats: { productId: product(1), uniqueClicks: 3, totalClicks: 4, clickThroughRate: 37.5 }, // 3 of 8
      firstClick: true,
    });

    expect(session.reactionStats()).toEqual({ counts: { like: 16, fire: 1 }, total: 17 });
    expect(session.totalViewers).toBe(8);
    expect(session.clickStats().map((stats) => [stats.productId, stats.uniqueClicks, stats.totalClicks])).toEqual([
      [product(1), 3, 4],
      [product(2), 1, 1],
    ]);
    expect(session.reportedCounts()).toEqual({
      reactionCounts: { like: 6 },
      productClicks: [
        { productId: product(1), uniqueClicks: 3, totalClicks: 4, clickThroughRate: 37.5 },
        { productId: product(2), uniqueClicks: 1, totalClicks: 0, clickThroughRate: 12.5 },
      ],
      peakViewers: 4,
      totalViewers: 8,
    });
  });

  it('counts a returning viewer and clicker once after a restart', () => {
    const session = new LiveSession('s', creator);
    session.restore(
      [
        {
          nodeId: 'n',
          reactionCounts: {},
          productClicks: [{ productId: product(1), uniqueClicks: 1, totalClicks: 1 }],
          peakViewers: 1,
          totalViewers: 1,
        },
      ],
      'n',
    );
    session.seedAudience({ viewerKeys: ['guest:g1'], clickers: [{ productId: product(1), viewerKeys: ['guest:g1'] }] });
    session.join(guestIdentity('g1'), 'socket-2', 0);
    expect(session.addClick(product(1), 'guest:g1')).toMatchObject({
      firstClick: false,
      stats: { uniqueClicks: 1, totalClicks: 2, clickThroughRate: 100 },
    });
    expect(session.totalViewers).toBe(1);
  });

  it('never counts distinct viewers twice when the audience is unknown: reported counts are floors', () => {
    const session = new LiveSession('s', creator);
    session.restore([{ nodeId: 'n', reactionCounts: {}, productClicks: [], peakViewers: 3, totalViewers: 3 }], 'n');
    session.join(guestIdentity('g1'), 'socket-1', 0);
    expect(session.totalViewers).toBe(3);
  });
});
