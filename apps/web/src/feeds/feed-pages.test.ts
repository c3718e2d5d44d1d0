import { describe, expect, it } from 'vitest';
import {
  emptyFeed,
  type FeedPages,
  feedItems,
  markFeedRead,
  prependToFeed,
  removeFromFeed,
  replaceInFeed,
} from './feed-pages.ts';

interface Item {
  id: string;
  readAt: Date | null;
  title: string;
}

const item = (id: string, readAt: Date | null = null): Item => ({ id, readAt, title: `item ${id}` });
const twoPages = (): FeedPages<Item> => ({
  pages: [
    { items: [item('c'), item('b')], next: 'cursor-b' },
    { items: [item('a', new Date('2026-12-01T10:00:00Z'))], next: null },
  ],
  pageParams: [null, 'cursor-b'],
});

describe('a cursor-paged feed in the cache', () => {
  it('lists every page read, newest first, each item once', () => {
    const data = twoPages();
    data.pages[1]?.items.unshift(item('b'));
    expect(feedItems(data).map((kept) => kept.id)).toEqual(['c', 'b', 'a']);
    expect(feedItems(undefined)).toEqual([]);
  });

  it('puts a pushed item at the top and keeps the cursors, so "Load more" continues where it was', () => {
    const next = prependToFeed(twoPages(), item('d'));
    expect(feedItems(next).map((kept) => kept.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(next?.pages.map((page) => page.next)).toEqual(['cursor-b', null]);
    expect(next?.pageParams).toEqual([null, 'cursor-b']);
  });

  it('ignores a push of an item it already shows, and a feed not read yet', () => {
    const data = twoPages();
    expect(prependToFeed(data, item('a'))).toBe(data);
    expect(prependToFeed(undefined, item('d'))).toBeUndefined();
  });

  it('replaces an item with the answer, and removes a deleted one', () => {
    const readAt = new Date('2026-12-02T09:00:00Z');
    expect(feedItems(replaceInFeed(twoPages(), item('b', readAt))).find((kept) => kept.id === 'b')?.readAt).toEqual(
      readAt,
    );
    expect(feedItems(removeFromFeed(twoPages(), 'c')).map((kept) => kept.id)).toEqual(['b', 'a']);
  });

  it('marks everything read at once, keeping the time of those read before', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const read = feedItems(markFeedRead(twoPages(), now));
    expect(read.map((kept) => kept.readAt?.toISOString())).toEqual([
      now.toISOString(),
      now.toISOString(),
      '2026-12-01T10:00:00.000Z',
    ]);
  });

  it('after clear-all holds one empty page with nothing more to load', () => {
    const cleared = emptyFeed(twoPages());
    expect(feedItems(cleared)).toEqual([]);
    expect(cleared?.pages).toEqual([{ items: [], next: null }]);
  });
});
