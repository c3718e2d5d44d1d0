import type { ViewerSnapshot } from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import { MinuteWindow } from './minute-window.ts';

export interface SnapshotSamplerOptions {
  clock: Clock;
  sampleIntervalMs: number;
  /** Length of a snapshot window: a minute in production, milliseconds in some tests. */
  windowMs: number;
  nodeId: string;
  /** Sessions to sample now, with their current viewer counts. */
  currentCounts(): Promise<Iterable<[sessionId: string, viewers: number]>>;
  /** Receives each closed window's snapshots (the outbox that delivers them to the API). */
  onSnapshots(snapshots: ViewerSnapshot[]): void;
  logger: Logger;
}

/**
 * Samples every tracked session's viewer count on ticks aligned to the sample interval, and at
 * each window boundary hands the finished window's per-session summary to `onSnapshots`.
 * A session stays sampled for the rest of a window once seen, so a drop to zero is recorded.
 */
export class SnapshotSampler {
  private window: MinuteWindow | undefined;
  private timer: unknown;
  private running = false;
  /** Sessions handed over while a tick was reading counts: that tick must not sample them again. */
  private readonly flushedDuringTick = new Set<string>();

  constructor(private readonly options: SnapshotSamplerOptions) {}

  start(): void {
    this.running = true;
    this.scheduleNextTick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Hands over the current, partial window (shutdown, or a stream that ended mid-minute). */
  flushPartialWindow(): void {
    this.closeWindow();
  }

  /** Hands over one session's partial minute now (its stream ended). */
  flushSession(sessionId: string): void {
    this.flushedDuringTick.add(sessionId);
    const snapshot = this.window?.take(sessionId, this.options.nodeId);
    if (snapshot) this.options.onSnapshots([snapshot]);
  }

  private scheduleNextTick(): void {
    if (!this.running) return;
    const { clock, sampleIntervalMs } = this.options;
    const now = clock.now();
    const nextTick = (Math.floor(now / sampleIntervalMs) + 1) * sampleIntervalMs;
    this.timer = clock.setTimeout(() => {
      void this.tick(nextTick)
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'viewer counts unavailable; sample skipped'),
        )
        .finally(() => this.scheduleNextTick());
    }, nextTick - now);
  }

  private async tick(at: number): Promise<void> {
    const windowStart = Math.floor(at / this.options.windowMs) * this.options.windowMs;
    if (this.window && this.window.startsAt !== windowStart) this.closeWindow();
    this.flushedDuringTick.clear();
    const counts = new Map(await this.options.currentCounts());
    if (!this.running) return;
    for (const sessionId of this.flushedDuringTick) counts.delete(sessionId);
    const previous = this.window;
    // Sessions seen earlier in this window keep being sampled even at zero viewers.
    if (previous) for (const sessionId of previous.sessionIds()) if (!counts.has(sessionId)) counts.set(sessionId, 0);
    if (counts.size === 0) return;
    this.window ??= new MinuteWindow(windowStart);
    for (const [sessionId, viewers] of counts) this.window.record(sessionId, viewers);
  }

  private closeWindow(): void {
    const window = this.window;
    this.window = undefined;
    if (window && !window.isEmpty()) this.options.onSnapshots(window.toSnapshots(this.options.nodeId));
  }
}
