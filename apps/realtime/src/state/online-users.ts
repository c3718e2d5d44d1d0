import type { Clock } from '@showfloor/server-kit';
import { Coalescer } from '../broadcast/coalescer.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';

/** Room of admins' sockets: who is told `users:status`. */
export const adminsRoom = 'admins';

/**
 * How many distinct signed-in users have a socket open on this node (several tabs count once),
 * and `users:status` to admins' sockets when it changes — at most once per `intervalMs`, always
 * ending on the true number, so a crowd arriving is not one write per arrival per admin.
 */
export class OnlineUsers {
  private readonly sockets = new Map<string, number>();
  private readonly coalescer: Coalescer;
  private stopped = false;

  constructor(
    private readonly io: RealtimeServer,
    clock: Clock,
    intervalMs: number,
  ) {
    this.coalescer = new Coalescer(clock, intervalMs);
  }

  get count(): number {
    return this.sockets.size;
  }

  connected(userId: string): void {
    this.sockets.set(userId, (this.sockets.get(userId) ?? 0) + 1);
    this.announce();
  }

  disconnected(userId: string): void {
    const left = (this.sockets.get(userId) ?? 1) - 1;
    if (left > 0) this.sockets.set(userId, left);
    else this.sockets.delete(userId);
    this.announce();
  }

  /** Shutdown: the sockets closed from here on tell nobody (the Redis adapter may be gone by then). */
  stop(): void {
    this.stopped = true;
    this.coalescer.clear();
  }

  private announce(): void {
    if (this.stopped) return;
    this.coalescer.request('users-status', () => this.io.to(adminsRoom).emit('users:status', { online: this.count }));
  }
}
