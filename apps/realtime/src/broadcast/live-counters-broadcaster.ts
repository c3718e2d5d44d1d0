import { socketEvents } from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import { type RealtimeServer, sessionRoom } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import { Coalescer } from './coalescer.ts';
import type { MilestoneWatch } from './milestone-watch.ts';
import { ReactionAnimations } from './reaction-animations.ts';

export interface LiveCountersBroadcasterOptions {
  io: RealtimeServer;
  /** Where the counters are read when a broadcast goes out (the latest value, not the one that triggered it). */
  store: Pick<CounterStore, 'watchingNow' | 'reactionStats' | 'clickStats'>;
  clock: Clock;
  logger: Logger;
  countIntervalMs: number;
  counterWritesPerSecond: number;
  clickIntervalMs: number;
  animationsPerSecond: number;
  animationWritesPerSecond: number;
  /** Told the counts each broadcast carries, to report milestones the session crosses. */
  milestones?: Pick<MilestoneWatch, 'observe' | 'forget'>;
}

/**
 * Sends a room its live counters without flooding it: viewer-count and reaction-stats coalesced
 * to one per interval, stretched for rooms so large that the interval would cost more socket writes
 * than the budget (always ending on the true value), new-reaction animations paced by room size
 * with the reactions between two of them folded into per-type counts, and click stats on a fixed
 * cadence while there are clicks.
 */
export class LiveCountersBroadcaster {
  private readonly coalescer: Coalescer;
  private readonly animations: ReactionAnimations;
  private readonly clickTimers = new Map<string, unknown>();

  constructor(private readonly options: LiveCountersBroadcasterOptions) {
    this.coalescer = new Coalescer(options.clock, options.countIntervalMs);
    this.animations = new ReactionAnimations({
      clock: options.clock,
      // Animations are decoration, so their rate follows the room's size: every one costs a write
      // per socket. 30 a second in a room of 100, 2 in a room of 5,000 — never fewer than one.
      gapMs: (sessionId) =>
        1000 /
        animationsPerSecond(
          this.roomSize(sessionId),
          this.options.animationsPerSecond,
          this.options.animationWritesPerSecond,
        ),
      emit: (sessionId, animation) => this.room(sessionId).emit(socketEvents.newReaction, animation),
    });
  }

  private countInterval(sessionId: string): number {
    return counterIntervalMs(
      this.roomSize(sessionId),
      this.options.countIntervalMs,
      this.options.counterWritesPerSecond,
    );
  }

  private roomSize(sessionId: string): number {
    return this.options.io.sockets.adapter.rooms.get(sessionRoom(sessionId))?.size ?? 1;
  }

  viewerCountChanged(sessionId: string): void {
    this.coalescer.request(
      `viewers:${sessionId}`,
      () =>
        this.emitWhenRead('viewer-count', sessionId, async () => {
          const viewers = (await this.options.store.watchingNow([sessionId])).get(sessionId);
          if (viewers === undefined) return;
          this.room(sessionId).emit(socketEvents.viewerCount, viewers);
          this.options.milestones?.observe(sessionId, 'viewers', viewers);
        }),
      this.countInterval(sessionId),
    );
  }

  reactionAdded(sessionId: string, type: string): void {
    this.animations.added(sessionId, type);
    this.reactionStatsChanged(sessionId);
  }

  /** The reaction totals changed (here, or on another node of the cluster). */
  reactionStatsChanged(sessionId: string): void {
    this.coalescer.request(
      `reactions:${sessionId}`,
      () =>
        this.emitWhenRead('reaction-stats', sessionId, async () => {
          const stats = await this.options.store.reactionStats(sessionId);
          if (!stats) return;
          this.room(sessionId).emit(socketEvents.reactionStats, { sessionId, ...stats });
          this.options.milestones?.observe(sessionId, 'reactions', stats.total);
        }),
      this.countInterval(sessionId),
    );
  }

  /** Starts the click-stats cadence on a session's first click; it runs until the session ends. */
  clicked(sessionId: string): void {
    if (this.clickTimers.has(sessionId)) return;
    const tick = () => {
      this.emitWhenRead('product-click-stats', sessionId, () => this.emitClickStats(sessionId));
      this.clickTimers.set(sessionId, this.options.clock.setTimeout(tick, this.options.clickIntervalMs));
    };
    this.clickTimers.set(sessionId, this.options.clock.setTimeout(tick, this.options.clickIntervalMs));
  }

  private async emitClickStats(sessionId: string): Promise<void> {
    const stats = await this.options.store.clickStats(sessionId);
    if (!stats) return;
    const { productStats, totalViewers } = stats;
    const timestamp = this.isoNow();
    this.room(sessionId).emit(socketEvents.productClickStats, { sessionId, productStats, totalViewers, timestamp });
    this.room(sessionId).emit(socketEvents.trendingProducts, {
      sessionId,
      products: productStats.slice(0, 5),
      timestamp,
    });
  }

  /** The stream ended: its rooms get the final click stats (when it had clicks), then nothing more. */
  async finish(sessionId: string): Promise<void> {
    const hadClicks = this.clickTimers.has(sessionId);
    this.forget(sessionId);
    if (hadClicks) await this.emitClickStats(sessionId);
  }

  /** Stops everything scheduled for a session. */
  forget(sessionId: string): void {
    this.coalescer.forget(`viewers:${sessionId}`);
    this.coalescer.forget(`reactions:${sessionId}`);
    this.animations.forget(sessionId);
    this.options.milestones?.forget(sessionId);
    const timer = this.clickTimers.get(sessionId);
    if (timer !== undefined) this.options.clock.clearTimeout(timer);
    this.clickTimers.delete(sessionId);
  }

  stop(): void {
    this.coalescer.clear();
    this.animations.clear();
    for (const sessionId of [...this.clickTimers.keys()]) this.forget(sessionId);
  }

  /** Runs a broadcast that reads the store; a failed read skips this broadcast (the next one carries the value). */
  private emitWhenRead(event: string, sessionId: string, broadcast: () => Promise<void>): void {
    void broadcast().catch((error: unknown) =>
      this.options.logger.warn({ err: error, sessionId, event }, 'counters unavailable; broadcast skipped'),
    );
  }

  /**
   * Each node tells only its own sockets (with the Redis adapter a room spans nodes): with Redis,
   * every node reads the same cluster-wide counters, so one broadcast per node reaches everyone once.
   */
  private room(sessionId: string) {
    return this.options.io.local.to(sessionRoom(sessionId));
  }

  private isoNow(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** How many animation events a room of `roomSize` sockets gets per second: capped, at least one. */
export function animationsPerSecond(roomSize: number, cap: number, writesPerSecond: number): number {
  return Math.max(1, Math.min(cap, Math.floor(writesPerSecond / Math.max(1, roomSize))));
}

/**
 * The gap between two counter broadcasts to a room of `roomSize` sockets: `minimumMs`, or longer
 * when one broadcast a `minimumMs` would cost more than `writesPerSecond` socket writes.
 */
export function counterIntervalMs(roomSize: number, minimumMs: number, writesPerSecond: number): number {
  return Math.max(minimumMs, Math.ceil((Math.max(1, roomSize) * 1000) / writesPerSecond));
}
