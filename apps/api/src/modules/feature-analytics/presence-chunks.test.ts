import { describe, expect, it } from 'vitest';
import { chunkParameters, chunksFromWords } from './presence-chunks.ts';

/** The ordinals whose bits are set in a `x…` chunk parameter, as PostgreSQL would read it. */
function ordinalsOf(chunk: number, hex: string): number[] {
  const bits = BigInt(`0${hex}`).toString(2).padStart(4096, '0');
  return [...bits].flatMap((bit, position) => (bit === '1' ? [chunk * 4096 + position] : []));
}

describe('presence chunks', () => {
  it('places every user of the words at their ordinal, first user leftmost, across chunks', () => {
    const chunks = chunksFromWords([
      // Ordinal 0 and 63 (the word's sign bit and its last bit), and ordinal 4,100 in chunk 1.
      { feature_name: 'export_csv', word: 0, bits: (-(2n ** 63n) + 1n).toString() },
      { feature_name: 'export_csv', word: 64, bits: (1n << 59n).toString() },
      { feature_name: 'date_filter', word: 1, bits: '2' },
    ]);
    const { features, chunks: numbers, users } = chunkParameters(chunks);
    const found = features.map((feature, index) => [
      feature,
      ordinalsOf(numbers[index] as number, users[index] as string),
    ]);
    expect(found).toEqual([
      ['export_csv', [0, 63]],
      ['export_csv', [4100]],
      ['date_filter', [126]],
    ]);
  });

  it('ORs the two edges of a range into one chunk per feature', () => {
    const start = chunksFromWords([{ feature_name: 'export_csv', word: 2, bits: '1' }]);
    const end = chunksFromWords([
      { feature_name: 'export_csv', word: 2, bits: '3' },
      { feature_name: 'export_csv', word: 3, bits: '1' },
    ]);
    const merged = chunkParameters(start, end);
    expect(merged.features).toEqual(['export_csv']);
    expect(ordinalsOf(0, merged.users[0] as string)).toEqual([190, 191, 255]);
    // The cached edges themselves are left as they were.
    expect(ordinalsOf(0, chunkParameters(start).users[0] as string)).toEqual([191]);
  });
});
