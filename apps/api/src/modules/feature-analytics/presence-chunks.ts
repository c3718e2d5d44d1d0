/*
 * Presence of users in a partial UTC day at a range's edge, in the shape feature_user_days keeps
 * whole days: one 4,096-bit string per feature and 4,096-user chunk, user ordinal o at bit o & 4095
 * counted from the left. PostgreSQL hands the day's spans over as 64-user words (cheap to
 * aggregate there); they are assembled into chunks here, once per closed edge day, so the read
 * ORs a few hundred chunks with the interior days' bitmaps instead of splicing thousands of words
 * into them.
 */

const chunkBytes = 512;

/** One feature's users in one chunk; `users` is 512 bytes, first user in the most significant bit. */
export interface PresenceChunk {
  featureName: string;
  chunk: number;
  users: Buffer;
}

/** A 64-user word of feature_user_spans: `bits` is the bigint as PostgreSQL prints it (signed). */
export interface PresenceWord {
  feature_name: string;
  word: number;
  bits: string;
}

export function chunksFromWords(words: readonly PresenceWord[]): PresenceChunk[] {
  const chunks = new Map<string, PresenceChunk>();
  for (const { feature_name: featureName, word, bits } of words) {
    const chunk = word >> 6;
    const key = `${featureName}|${chunk}`;
    let entry = chunks.get(key);
    if (!entry) {
      entry = { featureName, chunk, users: Buffer.alloc(chunkBytes) };
      chunks.set(key, entry);
    }
    const offset = (word & 63) * 8;
    entry.users.writeBigUInt64BE(entry.users.readBigUInt64BE(offset) | BigInt.asUintN(64, BigInt(bits)), offset);
  }
  return [...chunks.values()];
}

/**
 * The chunks of several edges OR-ed per feature and chunk, as the three arrays a statement takes
 * (`users` in PostgreSQL's hexadecimal bit-string input, `x…`).
 */
export function chunkParameters(...edges: readonly PresenceChunk[][]): {
  features: string[];
  chunks: number[];
  users: string[];
} {
  const merged = new Map<string, PresenceChunk>();
  for (const edge of edges) {
    for (const entry of edge) {
      const key = `${entry.featureName}|${entry.chunk}`;
      const known = merged.get(key);
      if (!known) {
        merged.set(key, entry);
        continue;
      }
      const users = Buffer.from(known.users);
      for (let index = 0; index < chunkBytes; index += 1)
        users[index] = (users[index] ?? 0) | (entry.users[index] ?? 0);
      merged.set(key, { ...known, users });
    }
  }
  const entries = [...merged.values()];
  return {
    features: entries.map((entry) => entry.featureName),
    chunks: entries.map((entry) => entry.chunk),
    users: entries.map((entry) => `x${entry.users.toString('hex')}`),
  };
}
