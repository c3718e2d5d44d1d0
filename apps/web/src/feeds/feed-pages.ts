import type { InfiniteData } from '@tanstack/react-query';

/*
 * A cursor-paged feed as TanStack Query keeps it (one entry per page read), and the changes a
 * push or an answer makes to it. Pure, so the same rules hold in the bell, the pages and tests.
 */

/** One page as read: its items, newest first, and the cursor of the next (older) page. */
export interface FeedPage<T> {
  items: T[];
  next: string | null;
}

export type FeedPages<T> = InfiniteData<FeedPage<T>, unknown>;

export interface FeedItem {
  id: string;
  readAt: Date | null;
}

/** Every item read so far, newest first, each once (a live item may also arrive in a page read after it). */
export function feedItems<T extends FeedItem>(data: FeedPages<T> | undefined): T[] {
  if (!data) return [];
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of data.pages) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}

function mapPages<T>(data: FeedPages<T>, change: (items: T[], index: number) => T[]): FeedPages<T> {
  return { ...data, pages: data.pages.map((page, index) => ({ ...page, items: change(page.items, index) })) };
}

/**
 * A new item at the top of the first page. The cursors stay as they were: each names the last
 * item of its page, so the next "Load more" still continues where the list left off.
 */
export function prependToFeed<T extends FeedItem>(data: FeedPages<T> | undefined, item: T): FeedPages<T> | undefined {
  if (!data || data.pages.length === 0) return data;
  if (data.pages.some((page) => page.items.some((kept) => kept.id === item.id))) return data;
  return mapPages(data, (items, index) => (index === 0 ? [item, ...items] : items));
}

/** The item as the API answered it (after a mark-read), wherever it is shown. */
export function replaceInFeed<T extends FeedItem>(data: FeedPages<T> | undefined, item: T): FeedPages<T> | undefined {
  if (!data) return data;
  return mapPages(data, (items) => items.map((kept) => (kept.id === item.id ? item : kept)));
}

export function removeFromFeed<T extends FeedItem>(
  data: FeedPages<T> | undefined,
  id: string,
): FeedPages<T> | undefined {
  if (!data) return data;
  return mapPages(data, (items) => items.filter((kept) => kept.id !== id));
}

/** After read-all: every item read (those already read keep their time). */
export function markFeedRead<T extends FeedItem>(
  data: FeedPages<T> | undefined,
  readAt: Date,
): FeedPages<T> | undefined {
  if (!data) return data;
  return mapPages(data, (items) => items.map((kept) => (kept.readAt ? kept : { ...kept, readAt })));
}

/** After clear-all: one empty page, nothing more to load. */
export function emptyFeed<T>(data: FeedPages<T> | undefined): FeedPages<T> | undefined {
  if (!data) return data;
  return { pages: [{ items: [], next: null }], pageParams: [null] };
}
