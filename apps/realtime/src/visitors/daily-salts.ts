import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@showfloor/server-kit';

const dayMs = 86_400_000;

/**
 * Where a cluster's nodes keep each day's salt, so a visitor hashes alike on every node. `offer`
 * is this node's salt for a day that has none yet (the first offer wins; none: only read).
 */
export interface SharedSalts {
  salt(day: number, offer: Buffer | undefined): Promise<Buffer | undefined>;
}

/** A salt made while the shared salts did not answer is asked for again this often. */
const provisionalRetryMs = 5_000;

/**
 * Plausible's cookieless identity: a visitor is sha256(salt + IP + User-Agent + site), with a
 * random salt per UTC day held in memory only (with several nodes, in Redis too, expiring after
 * 48 h). Today's and yesterday's salts are kept (a visit across midnight goes on under
 * yesterday's), older ones forgotten, so after 48 h nobody — this service included — can link a
 * hash back to an IP, and no raw IP is ever stored.
 */
export class DailySalts {
  private readonly salts = new Map<number, Buffer>();
  /** Days whose salt was made here because the shared salts did not answer: when to ask again. */
  private readonly provisional = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    private readonly makeSalt: () => Buffer = () => randomBytes(16),
    private readonly shared?: SharedSalts,
  ) {}

  /**
   * Makes sure today's and yesterday's salts are held (the shared ones, with several nodes); a
   * call costs nothing once they are. Until the shared salts answer, today's is made here, and
   * visitors hash differently from the other nodes' (each node counts them as its own visitors).
   */
  async prepare(): Promise<void> {
    const now = this.clock.now();
    const today = Math.floor(now / dayMs);
    for (const day of this.salts.keys()) if (day < today - 1) this.salts.delete(day);
    for (const day of this.provisional.keys()) if (day < today) this.provisional.delete(day);
    if (this.salts.has(today) && (this.provisional.get(today) ?? Number.POSITIVE_INFINITY) > now) return;
    if (!this.shared) {
      this.salts.set(today, this.makeSalt());
      return;
    }
    const [salt, yesterday] = await Promise.all([
      this.shared.salt(today, this.makeSalt()).catch(() => undefined),
      this.salts.has(today - 1) ? undefined : this.shared.salt(today - 1, undefined).catch(() => undefined),
    ]);
    if (yesterday) this.salts.set(today - 1, yesterday);
    if (salt) {
      this.salts.set(today, salt);
      this.provisional.delete(today);
    } else {
      if (!this.salts.has(today)) this.salts.set(today, this.makeSalt());
      this.provisional.set(today, now + provisionalRetryMs);
    }
  }

  /** The visitor's ids, today's first, then yesterday's when that salt is still held (after `prepare`). */
  visitorIds(ip: string, userAgent: string, site: string): string[] {
    const today = Math.floor(this.clock.now() / dayMs);
    let salt = this.salts.get(today);
    if (!salt) {
      salt = this.makeSalt();
      this.salts.set(today, salt);
    }
    const ids = [hashVisitor(salt, ip, userAgent, site)];
    const yesterday = this.salts.get(today - 1);
    if (yesterday) ids.push(hashVisitor(yesterday, ip, userAgent, site));
    return ids;
  }
}

function hashVisitor(salt: Buffer, ip: string, userAgent: string, site: string): string {
  // NUL between the parts: ("1.2.3.4", "5x") and ("1.2.3.45", "x") must not hash alike.
  return createHash('sha256').update(salt).update(`${ip}\u0000${userAgent}\u0000${site}`).digest('hex').slice(0, 32);
}

/** A visitor who names their own session (seed 002's `session_id`) is known by it. */
export function visitorIdForSession(sessionId: string): string {
  return `sid:${sessionId}`;
}
