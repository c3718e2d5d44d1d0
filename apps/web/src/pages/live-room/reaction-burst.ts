/** Most emoji one `new-reaction` floats up: a burst of 500 is still a handful on screen. */
export const maxFloatsPerBurst = 5;
/** Most emoji on screen at once, however fast bursts arrive. */
export const maxFloatsOnScreen = 24;

export interface FloatingReaction {
  id: number;
  type: string;
  /** Horizontal start, 0–100 % of the stream's width. */
  left: number;
  /** Seconds before it starts rising, so a burst is a stream rather than a block. */
  delay: number;
}

/** The emoji one `new-reaction` ({ type, count }) floats up: one for a single reaction, a few for a burst. */
export function floatsForBurst(
  burst: { type: string; count: number },
  nextId: () => number,
  random: () => number = Math.random,
): FloatingReaction[] {
  return Array.from({ length: Math.min(Math.max(burst.count, 1), maxFloatsPerBurst) }, (_, index) => ({
    id: nextId(),
    type: burst.type,
    left: 10 + random() * 80,
    delay: index * 0.15,
  }));
}

/** What is floating with a burst added: the newest `maxFloatsOnScreen`. */
export function withFloats(
  floating: readonly FloatingReaction[],
  added: readonly FloatingReaction[],
): FloatingReaction[] {
  return [...floating, ...added].slice(-maxFloatsOnScreen);
}
