import { RateLimitedError } from '@showfloor/contracts';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type SocketAction = 'join' | 'reaction' | 'click';

const refusals: Record<SocketAction, string> = {
  join: 'Too many sessions joined; slow down',
  reaction: 'Too many reactions; slow down',
  click: 'Too many product clicks; slow down',
};

/**
 * Per-socket limits on what a client may do each second, through rate-limiter-flexible. A socket
 * lives on one node, so these count in that node's memory even in a cluster (the limits that must
 * hold across nodes — the collector's per IP, the API's logins and chat — count in Redis). A
 * refusal is a RateLimitedError carrying the seconds until the socket may try again.
 */
export class SocketRateLimits {
  private readonly limiters: Record<SocketAction, RateLimiterMemory>;

  constructor(perSecond: Record<SocketAction, number>) {
    const limiter = (action: SocketAction) =>
      new RateLimiterMemory({ keyPrefix: action, points: perSecond[action], duration: 1 });
    this.limiters = { join: limiter('join'), reaction: limiter('reaction'), click: limiter('click') };
  }

  async take(action: SocketAction, socketId: string): Promise<void> {
    try {
      await this.limiters[action].consume(socketId);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw new RateLimitedError(refusals[action], Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    }
  }

  /** The socket is gone: its counters go too. */
  forget(socketId: string): void {
    for (const limiter of Object.values(this.limiters)) void limiter.delete(socketId);
  }
}
