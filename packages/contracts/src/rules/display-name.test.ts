import { describe, expect, it } from 'vitest';
import { displayNameOf } from './display-name.ts';

describe('displayNameOf', () => {
  it('uses the name, else the username, else "Viewer"', () => {
    expect(displayNameOf({ name: 'Ada Lovelace', username: 'ada' })).toBe('Ada Lovelace');
    expect(displayNameOf({ name: null, username: 'ada' })).toBe('ada');
    expect(displayNameOf({ name: null, username: null })).toBe('Viewer');
  });
});
