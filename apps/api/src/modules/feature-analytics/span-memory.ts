import QuickLRU from 'quick-lru';

/*
 * What the writer has committed of each user's presence: per (UTC day, feature, band, gender,
 * user), the first and last quarter hour. An event whose quarter lies inside a remembered span
 * changes neither feature_user_spans nor the presence bitmaps, so the batch skips those upserts
 * for it — after the first few minutes of a day, nearly every event. Forgetting is always safe
 * (the database is the truth, and the upserts are idempotent); remembering only happens after a
 * commit, so the memory never claims more than the database holds.
 */

export interface SpanEvent {
  occurredAt: Date;
  featureName: string;
  ageBand: number;
  gender: number;
  userOrdinal: number;
}

const dayMs = 86_400_000;
const quarterMs = 900_000;

function keyAndQuarter(event: SpanEvent): { key: string; quarter: number } {
  const time = event.occurredAt.getTime();
  const day = Math.floor(time / dayMs);
  return {
    key: `${day}|${event.featureName}|${event.ageBand}|${event.gender}|${event.userOrdinal}`,
    quarter: Math.floor((time - day * dayMs) / quarterMs),
  };
}

/** What a batch would write, and how to remember it once committed. */
export interface SpanPlan {
  /** For each event: true when its span must still be written. */
  changes: boolean[];
  /** Call after the batch committed: its events' spans are in the database. */
  committed(): void;
}

export class SpanMemory {
  // [first, last] quarter packed as first * 96 + last.
  private readonly spans: QuickLRU<string, number>;

  constructor(maxEntries = 500_000) {
    this.spans = new QuickLRU({ maxSize: maxEntries });
  }

  /** Each event's key and quarter are worked out once, for both the check and the remembering. */
  plan(events: readonly SpanEvent[]): SpanPlan {
    const keyed = events.map(keyAndQuarter);
    return {
      changes: keyed.map(({ key, quarter }) => {
        const known = this.spans.get(key);
        return known === undefined || quarter < Math.floor(known / 96) || quarter > known % 96;
      }),
      committed: () => {
        for (const { key, quarter } of keyed) {
          const known = this.spans.peek(key);
          const first = known === undefined ? quarter : Math.min(Math.floor(known / 96), quarter);
          const last = known === undefined ? quarter : Math.max(known % 96, quarter);
          this.spans.set(key, first * 96 + last);
        }
      },
    };
  }
}
