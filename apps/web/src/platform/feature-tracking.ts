import {
  type TrackBatchBody,
  type TrackEventBody,
  trackBatchMaxEvents,
  trackEventBodySchema,
} from '@showfloor/contracts/rest';

/*
 * The web app counts its own feature interactions (seed 004) with `POST /api/track/batch`: events
 * wait in a queue for about a second and leave together, and whatever is still queued when the
 * page goes away leaves on `pagehide` with a keepalive request. Tracking is never allowed to hurt
 * the page: nothing here throws into the UI, and a batch the API refuses or cannot take is dropped.
 */

/** Every feature name the web app tracks, in one place (each passes the contract's `featureNameSchema`). */
export const trackedFeatures = {
  featureAnalyticsFilter: 'feature_analytics.filter',
  featureAnalyticsBarSelect: 'feature_analytics.bar_select',
  featureAnalyticsCsvExport: 'feature_analytics.csv_export',
  featureAnalyticsInterval: 'feature_analytics.interval',
  featureAnalyticsCompare: 'feature_analytics.compare',
  discoverSearch: 'discover.search',
  liveRoomReaction: 'live_room.reaction',
  sessionAnalyticsTimeRange: 'session_analytics.time_range',
} as const;

export type TrackedFeature = (typeof trackedFeatures)[keyof typeof trackedFeatures];
export type TrackProperties = NonNullable<TrackEventBody['properties']>;

export interface SendOptions {
  /** The page is going away: the request must outlive it. */
  keepalive: boolean;
}

export interface FeatureTrackerOptions {
  /** Sends one batch (the typed client's `featureAnalytics.trackBatch`); a rejection drops the batch. */
  send(body: TrackBatchBody, options: SendOptions): Promise<unknown>;
  /** Whether someone is signed in now: a guest's interactions are not tracked (the API would refuse them). */
  isSignedIn(): boolean;
  /** How long an event waits for others before the queue is sent. */
  flushAfterMs?: number;
  /** Events kept while a send is slow; beyond it new events are dropped, so a dead API cannot grow the page's memory. */
  maxQueued?: number;
  /** The clock and timer, injectable so a test drives them. */
  now?: () => Date;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface FeatureTracker {
  /** Queues one interaction; invalid names or properties, and guests' interactions, are left out. */
  track(feature: TrackedFeature, properties?: TrackProperties): void;
  /** Sends what is queued now (on `pagehide` with keepalive). Never rejects. */
  flush(options?: SendOptions): Promise<void>;
  /** Forgets what is queued (someone else signs in: their events must not carry the last person's). */
  discard(): void;
  /** Events waiting to be sent. */
  readonly queued: number;
}

/**
 * A keepalive request may carry 64 KB in all; an event is well under 400 bytes, so batches of 100
 * stay under it, and the rest of a long queue leaves in further requests.
 */
const keepaliveBatchEvents = 100;

export function createFeatureTracker(options: FeatureTrackerOptions): FeatureTracker {
  const flushAfterMs = options.flushAfterMs ?? 1_000;
  const maxQueued = options.maxQueued ?? trackBatchMaxEvents;
  const now = options.now ?? (() => new Date());
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let queue: TrackEventBody[] = [];
  let timer: unknown = null;

  function cancelTimer() {
    if (timer === null) return;
    clearTimer(timer);
    timer = null;
  }

  async function sendSafely(events: TrackEventBody[], sendOptions: SendOptions): Promise<void> {
    try {
      await options.send({ events }, sendOptions);
    } catch {
      // Best effort by design: a lost interaction costs one count; a retry loop or an error
      // shown for it would cost the page more than the count is worth.
    }
  }

  async function flush(sendOptions: SendOptions = { keepalive: false }): Promise<void> {
    cancelTimer();
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    const size = sendOptions.keepalive ? keepaliveBatchEvents : trackBatchMaxEvents;
    const batches: TrackEventBody[][] = [];
    for (let start = 0; start < events.length; start += size) batches.push(events.slice(start, start + size));
    await Promise.all(batches.map((batch) => sendSafely(batch, sendOptions)));
  }

  function track(feature: TrackedFeature, properties?: TrackProperties): void {
    if (!options.isSignedIn() || queue.length >= maxQueued) return;
    // Dated when it happened, not when the batch leaves, so the day it counts on is right.
    const event: TrackEventBody = {
      feature_name: feature,
      occurredAt: now().toISOString(),
      ...(properties ? { properties } : {}),
    };
    // A property the contract refuses (too long, too many keys) would fail the whole batch: leave the event out.
    if (!trackEventBodySchema.safeParse(event).success) return;
    queue.push(event);
    timer ??= setTimer(() => {
      timer = null;
      void flush();
    }, flushAfterMs);
  }

  return {
    track,
    flush,
    discard() {
      cancelTimer();
      queue = [];
    },
    get queued() {
      return queue.length;
    },
  };
}
