import { describe, expect, it } from 'vitest';
import { feedLink } from './feed-link.ts';

describe('the page a notification or activity links to', () => {
  it('is the path in data.link when it is a page of this app', () => {
    expect(feedLink({ link: '/sessions/7a1f', sessionId: '7a1f' })).toBe('/sessions/7a1f');
  });

  it('is none for another origin, a protocol-relative address, a script or no link', () => {
    expect(feedLink({ link: 'https://example.com/' })).toBeNull();
    expect(feedLink({ link: '//example.com/' })).toBeNull();
    expect(feedLink({ link: 'javascript:alert(1)' })).toBeNull();
    expect(feedLink({ link: 42 })).toBeNull();
    expect(feedLink({})).toBeNull();
  });
});
