import { type MilestoneKind, type SessionMilestone, thresholdsReached } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';

/**
 * Watches the counts a room is sent and reports each threshold a session crosses (10 / 100 / 1,000
 * … viewers at once, 1,000 / 10,000 … reactions) the first time this node sees it, so a count that
 * wobbles around 10 is reported once. The API keeps one notification per crossing anyway, so a
 * restart or a second node reporting the same crossing is harmless.
 */
export class MilestoneWatch {
  private readonly highest = new Map<string, number>();

  constructor(private readonly options: { report(milestones: SessionMilestone[]): void; clock: Clock }) {}

  observe(sessionId: string, kind: MilestoneKind, value: number): void {
    const key = `${sessionId}:${kind}`;
    const before = this.highest.get(key) ?? 0;
    const crossed = thresholdsReached(kind, value).filter((threshold) => threshold > before);
    const top = crossed.at(-1);
    if (top === undefined) return;
    this.highest.set(key, top);
    const reachedAt = new Date(this.options.clock.now()).toISOString();
    this.options.report(crossed.map((threshold) => ({ sessionId, kind, threshold, value, reachedAt })));
  }

  /** The session ended or left this node. */
  forget(sessionId: string): void {
    this.highest.delete(`${sessionId}:viewers`);
    this.highest.delete(`${sessionId}:reactions`);
  }
}
