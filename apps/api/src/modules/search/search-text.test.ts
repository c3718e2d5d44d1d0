import { describe, expect, it } from 'vitest';
import { containsPatterns } from './search-text.ts';

describe('containsPatterns', () => {
  it('makes one contains-pattern per word, ignoring extra whitespace', () => {
    expect(containsPatterns('  retro\tgaming  night ')).toEqual(['%retro%', '%gaming%', '%night%']);
    expect(containsPatterns('')).toEqual([]);
  });

  it('escapes the wildcards and the escape character itself', () => {
    expect(containsPatterns('50% off_now')).toEqual(['%50\\%%', '%off\\_now%']);
    expect(containsPatterns('a\\b')).toEqual(['%a\\\\b%']);
  });
});
