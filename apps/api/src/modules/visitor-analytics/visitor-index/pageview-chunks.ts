import { GrowableU32 } from './growable-columns.ts';

export const dayMs = 86_400_000;

/**
 * One UTC day of pageviews, in the order they arrived: the session slot each belongs to, its page,
 * its visitor (visitor_ordinals.ordinal) and its instant as milliseconds into the day. 16 bytes a
 * pageview. A day is the unit the index gives up when it is full or the day leaves retention.
 */
export class PageviewChunk {
  readonly session = new GrowableU32(4_096);
  readonly page = new GrowableU32(4_096);
  readonly visitor = new GrowableU32(4_096);
  readonly offset = new GrowableU32(4_096);

  constructor(readonly dayStart: number) {}

  get length(): number {
    return this.session.length;
  }

  get bytes(): number {
    return this.session.bytes + this.page.bytes + this.visitor.bytes + this.offset.bytes;
  }

  push(session: number, page: number, visitor: number, at: number): void {
    this.session.push(session);
    this.page.push(page);
    this.visitor.push(visitor);
    this.offset.push(at - this.dayStart);
  }

  /** After SessionColumns.compact: every pageview of a session that stayed points at its new slot. */
  moveSessions(moved: Int32Array): void {
    const sessions = this.session.data;
    for (let i = 0; i < this.length; i++) sessions[i] = moved[sessions[i] as number] as number;
  }
}

/** The UTC day holding `at`, as the instant it starts. */
export const dayStartOf = (at: number): number => Math.floor(at / dayMs) * dayMs;
