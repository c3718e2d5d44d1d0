import { featureNameSchema, type TrackBatchBody, trackBatchBodySchema } from '@showfloor/contracts/rest';
import { describe, expect, it } from 'vitest';
import {
  createFeatureTracker,
  type FeatureTrackerOptions,
  type SendOptions,
  trackedFeatures,
} from './feature-tracking.ts';

/**
 * The queue's own logic, driven by hand: its timer fires when the test says, and what it would
 * send is collected instead (the real sending, to the real API, is in the browser suite).
 */
function drivenTracker(overrides: Partial<FeatureTrackerOptions> = {}) {
  const sent: { body: TrackBatchBody; options: SendOptions }[] = [];
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  let signedIn = true;
  const tracker = createFeatureTracker({
    send: async (body, options) => {
      sent.push({ body, options });
    },
    isSignedIn: () => signedIn,
    now: () => new Date('2026-03-01T12:00:00.000Z'),
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
    ...overrides,
  });
  const fireTimers = async () => {
    for (const timer of timers.splice(0)) if (!timer.cleared) timer.run();
    await Promise.resolve();
  };
  return { tracker, sent, timers, fireTimers, signOut: () => (signedIn = false) };
}

describe('trackedFeatures', () => {
  it.each(Object.values(trackedFeatures))('%s passes the contract’s featureNameSchema', (name) => {
    expect(featureNameSchema.safeParse(name).success).toBe(true);
  });
});

describe('createFeatureTracker', () => {
  it('sends what was tracked within the wait as one batch the contract accepts, dated when it happened', async () => {
    const { tracker, sent, timers, fireTimers } = drivenTracker();
    tracker.track(trackedFeatures.featureAnalyticsFilter, { age: '18-40', gender: 'all' });
    tracker.track(trackedFeatures.featureAnalyticsBarSelect, { feature: 'cart.add', via: 'bar' });
    expect(timers.map((timer) => timer.ms)).toEqual([1_000]);
    expect(sent).toEqual([]);

    await fireTimers();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.options).toEqual({ keepalive: false });
    expect(trackBatchBodySchema.safeParse(sent[0]?.body).success).toBe(true);
    expect(sent[0]?.body.events).toEqual([
      {
        feature_name: 'feature_analytics.filter',
        occurredAt: '2026-03-01T12:00:00.000Z',
        properties: { age: '18-40', gender: 'all' },
      },
      {
        feature_name: 'feature_analytics.bar_select',
        occurredAt: '2026-03-01T12:00:00.000Z',
        properties: { feature: 'cart.add', via: 'bar' },
      },
    ]);
    expect(tracker.queued).toBe(0);
  });

  it('tracks nothing for a guest', async () => {
    const { tracker, sent, timers, signOut } = drivenTracker();
    signOut();
    tracker.track(trackedFeatures.discoverSearch);
    expect(tracker.queued).toBe(0);
    expect(timers).toEqual([]);
    await tracker.flush();
    expect(sent).toEqual([]);
  });

  it('leaves out an event the contract would refuse, so it cannot fail the others of its batch', async () => {
    const { tracker, sent } = drivenTracker();
    tracker.track(trackedFeatures.liveRoomReaction, { type: 'x'.repeat(201) });
    tracker.track(trackedFeatures.liveRoomReaction, { type: 'heart' });
    await tracker.flush();
    expect(sent[0]?.body.events.map((event) => event.properties)).toEqual([{ type: 'heart' }]);
  });

  it('on leaving sends at once with keepalive, in batches small enough for a keepalive request', async () => {
    const { tracker, sent, timers } = drivenTracker();
    for (let index = 0; index < 250; index += 1) tracker.track(trackedFeatures.discoverSearch, { words: index });
    await tracker.flush({ keepalive: true });
    expect(sent.map(({ body, options }) => [body.events.length, options.keepalive])).toEqual([
      [100, true],
      [100, true],
      [50, true],
    ]);
    expect(timers.every((timer) => timer.cleared)).toBe(true);
  });

  it('drops a batch the API refuses without throwing, and goes on tracking', async () => {
    let calls = 0;
    const { tracker, fireTimers } = drivenTracker({
      send: async () => {
        calls += 1;
        if (calls === 1) throw new Error('503');
      },
    });
    tracker.track(trackedFeatures.featureAnalyticsCsvExport);
    await expect(tracker.flush()).resolves.toBeUndefined();
    tracker.track(trackedFeatures.featureAnalyticsCsvExport);
    await fireTimers();
    expect(calls).toBe(2);
    expect(tracker.queued).toBe(0);
  });

  it('keeps at most maxQueued events while they wait, and forgets them on discard', async () => {
    const { tracker, sent } = drivenTracker({ maxQueued: 3 });
    for (let index = 0; index < 5; index += 1) tracker.track(trackedFeatures.featureAnalyticsInterval);
    expect(tracker.queued).toBe(3);
    tracker.discard();
    expect(tracker.queued).toBe(0);
    await tracker.flush();
    expect(sent).toEqual([]);
  });
});
