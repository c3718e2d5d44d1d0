import type { Clock } from '@showfloor/server-kit';
import { Coalescer } from '../broadcast/coalescer.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';

/** Room of admins' sockets: who is told `users:status`. */
export const adminsRoom = 'admins';

/**
 * Who is online across every node (a cluster through Redis): a user counts once whatever node
 * their sockets are on. Each answers the cluster's count, or undefined while it cannot be read.
 */
export interface SharedPresence {
  join(userId: string): Promise<number | undefined>;
  leave(userId: string): Promise<number | undefined>;
  read(): Promise<number | undefined>;
}

/** Makes the shared presence; `usersHere` lists the users with a socket on this node (for write-backs). */
export type SharePresence = (usersHere: () => string[]) => SharedPresence;

/**
 * How many distinct signed-in users have a socket open (several tabs count once) — on this node,
 * or across the cluster when shared — and `users:status` to admins' sockets when it changes, at
 * most once per `intervalMs`, always ending on the true number, so a crowd arriving is not one
 * write per arrival per admin.
 */
export class OnlineUsers {
  private readonly sockets = new Map<string, number>();
  private readonly coalescer: Coalescer;
  private readonly shared: SharedPresence | undefined;
  /** The cluster's count as last read (undefined: not shared, or not read yet). */
  private clusterCount: number | undefined;
  private stopped = false;

  constructor(
    private readonly io: RealtimeServer,
    clock: Clock,
    intervalMs: number,
    share?: SharePresence,
  ) {
    this.coalescer = new Coalescer(clock, intervalMs);
    this.shared = share?.(() => [...this.sockets.keys()]);
  }

  get count(): number {
    return this.clusterCount ?? this.sockets.size;
  }

  connected(userId: string): void {
    const sockets = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, sockets);
    if (sockets === 1 && this.shared) void this.shared.join(userId).then((count) => this.heard(count));
    else this.announce();
  }

  disconnected(userId: string): void {
    const left = (this.sockets.get(userId) ?? 1) - 1;
    if (left > 0) this.sockets.set(userId, left);
    else this.sockets.delete(userId);
    if (left <= 0 && this.shared) void this.shared.leave(userId).then((count) => this.heard(count));
    else this.announce();
  }

  /** Another node changed who is online: read the cluster's count again. */
  async refresh(): Promise<void> {
    this.heard(await this.shared?.read());
  }

  /** Shutdown: the sockets closed from here on tell nobody (the Redis adapter may be gone by then). */
  stop(): void {
    this.stopped = true;
    this.coalescer.clear();
  }

  /** While the cluster's count cannot be read, this node's own stands. */
  private heard(count: number | undefined): void {
    this.clusterCount = count;
    this.announce();
  }

  private announce(): void {
    if (this.stopped) return;
    // Shared, every node knows the cluster's count and tells its own admins; alone, the room is this node's anyway.
    const admins = this.shared ? this.io.local.to(adminsRoom) : this.io.to(adminsRoom);
    this.coalescer.request('users-status', () => admins.emit('users:status', { online: this.count }));
  }
}
