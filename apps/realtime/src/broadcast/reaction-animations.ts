import type { Clock } from '@showfloor/server-kit';

interface RoomAnimations {
  /** Reactions per type not yet animated. */
  pending: Map<string, number>;
  /** When the room may get its next animations: every event costs a write per socket. */
  nextAt: number;
  timer: unknown;
}

/** One `new-reaction`: the seed's type and timestamp, plus how many reactions of that type it stands for. */
export interface ReactionAnimation {
  type: string;
  count: number;
  timestamp: string;
}

/**
 * Folds reactions into animation events instead of dropping them: the first reaction of a quiet
 * room is animated at once; reactions arriving before the room's next slot are added up per type
 * and sent together when it opens, each type's event carrying its count. A slot that sent k events
 * pushes the next one k gaps away, so a room never gets more animation writes than its budget.
 */
export class ReactionAnimations {
  private readonly rooms = new Map<string, RoomAnimations>();

  constructor(
    private readonly options: {
      clock: Clock;
      /** The gap between two animation events for this room right now (it follows the room's size). */
      gapMs(sessionId: string): number;
      emit(sessionId: string, animation: ReactionAnimation): void;
    },
  ) {}

  added(sessionId: string, type: string): void {
    const room = this.rooms.get(sessionId) ?? {
      pending: new Map(),
      nextAt: Number.NEGATIVE_INFINITY,
      timer: undefined,
    };
    this.rooms.set(sessionId, room);
    room.pending.set(type, (room.pending.get(type) ?? 0) + 1);
    if (room.timer !== undefined) return;
    const wait = room.nextAt - this.options.clock.now();
    if (wait <= 0) {
      this.send(sessionId, room);
      return;
    }
    room.timer = this.options.clock.setTimeout(() => {
      room.timer = undefined;
      this.send(sessionId, room);
    }, wait);
  }

  forget(sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (room?.timer !== undefined) this.options.clock.clearTimeout(room.timer);
    this.rooms.delete(sessionId);
  }

  clear(): void {
    for (const sessionId of [...this.rooms.keys()]) this.forget(sessionId);
  }

  private send(sessionId: string, room: RoomAnimations): void {
    const now = this.options.clock.now();
    const timestamp = new Date(now).toISOString();
    for (const [type, count] of room.pending) this.options.emit(sessionId, { type, count, timestamp });
    room.nextAt = now + room.pending.size * this.options.gapMs(sessionId);
    room.pending.clear();
  }
}
