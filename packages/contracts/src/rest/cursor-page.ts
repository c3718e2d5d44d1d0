import { z } from 'zod';
import { decimalIntegerQuery } from './query-numbers.ts';
import { textSchema } from './text.ts';

/*
 * Newest-first lists that grow at the top while being read (feeds, notifications) are paged by an
 * opaque cursor rather than an offset: a page boundary stays put when new items arrive, so a
 * client never sees one twice or skips one. The cursor is the last item's (createdAt, id), encoded.
 */

const notACursor = 'must be a meta.next value from an earlier page';

export const cursorPageQuerySchema = z.object({
  limit: decimalIntegerQuery({ min: 1, max: 100 }).default(20),
  /** `meta.next` of the previous page; absent for the newest page. Decoded to the position it names. */
  cursor: textSchema()
    .max(200)
    .transform((cursor, context) => {
      const position = decodeCursor(cursor);
      if (position === null) context.addIssue({ code: 'custom', message: notACursor });
      return position ?? z.NEVER;
    })
    .optional(),
});
export type CursorPageQuery = z.infer<typeof cursorPageQuerySchema>;

export const cursorPageMetaSchema = z.object({
  /** Items in this page. */
  count: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type CursorPageMeta = z.infer<typeof cursorPageMetaSchema>;

export function cursorPagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    message: z.string().optional(),
    data: z.array(item),
    meta: cursorPageMetaSchema,
  });
}

/** A position in a newest-first list: strictly older than this item. */
export interface FeedPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: FeedPosition): string {
  const raw = `${position.createdAt.getTime()}.${position.id}`;
  return btoa(raw).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

/** Null when the text is no cursor this API wrote (the caller answers 400 naming `cursor`). */
export function decodeCursor(cursor: string): FeedPosition | null {
  let raw: string;
  try {
    raw = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return null;
  }
  const match = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(raw);
  if (!match) return null;
  return { createdAt: new Date(Number(match[1])), id: match[2] as string };
}
