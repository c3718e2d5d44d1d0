import type { ViewerSnapshot } from '@showfloor/contracts';

interface SessionSamples {
  sum: number;
  min: number;
  max: number;
  last: number;
  count: number;
}

/** Samples of viewer counts taken within one snapshot window, summarised per session (seed 000). */
export class MinuteWindow {
  private readonly sessions = new Map<string, SessionSamples>();

  constructor(readonly startsAt: number) {}

  record(sessionId: string, viewers: number): void {
    const samples = this.sessions.get(sessionId);
    if (!samples) {
      this.sessions.set(sessionId, { sum: viewers, min: viewers, max: viewers, last: viewers, count: 1 });
      return;
    }
    samples.sum += viewers;
    samples.min = Math.min(samples.min, viewers);
    samples.max = Math.max(samples.max, viewers);
    samples.last = viewers;
    samples.count += 1;
  }

  /** Removes one session's samples and returns its snapshot (a stream that ended mid-minute). */
  take(sessionId: string, nodeId: string): ViewerSnapshot | undefined {
    const samples = this.sessions.get(sessionId);
    if (!samples) return undefined;
    this.sessions.delete(sessionId);
    const window = new MinuteWindow(this.startsAt);
    window.sessions.set(sessionId, samples);
    return window.toSnapshots(nodeId)[0];
  }

  sessionIds(): IterableIterator<string> {
    return this.sessions.keys();
  }

  isEmpty(): boolean {
    return this.sessions.size === 0;
  }

  toSnapshots(nodeId: string): ViewerSnapshot[] {
    const minute = new Date(this.startsAt).toISOString();
    return [...this.sessions].map(([sessionId, samples]) => ({
      sessionId,
      minute,
      viewerCount: samples.last,
      avgViewers: Math.round((samples.sum / samples.count) * 100) / 100,
      peakViewers: samples.max,
      minViewers: samples.min,
      sampleCount: samples.count,
      nodeId,
    }));
  }
}
