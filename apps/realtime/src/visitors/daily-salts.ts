import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@showfloor/server-kit';

const dayMs = 86_400_000;

/**
 * Plausible's cookieless identity: a visitor is sha256(salt + IP + User-Agent + site), with a
 * random salt per UTC day held in memory only. Today's and yesterday's salts are kept (a visit
 * across midnight goes on under yesterday's), older ones forgotten, so after 48 h nobody — this
 * service included — can link a hash back to an IP, and no raw IP is ever stored.
 */
export class DailySalts {
  private readonly salts = new Map<number, Buffer>();

  constructor(
    private readonly clock: Clock,
    private readonly makeSalt: () => Buffer = () => randomBytes(16),
  ) {}

  /** The visitor's ids, today's first, then yesterday's when that salt is still held. */
  visitorIds(ip: string, userAgent: string, site: string): string[] {
    const today = Math.floor(this.clock.now() / dayMs);
    for (const day of this.salts.keys()) if (day < today - 1) this.salts.delete(day);
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
