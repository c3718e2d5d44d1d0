import type { PaginationQuery, ProductSearchSort, SessionSearchSort, SessionStatus } from '@showfloor/contracts';
import { Prisma, type PrismaClient } from '@showfloor/db';
import { containsPatterns } from './search-text.ts';

export type SessionRecord = NonNullable<Awaited<ReturnType<PrismaClient['session']['findUnique']>>>;
export type ProductRecord = NonNullable<Awaited<ReturnType<PrismaClient['product']['findUnique']>>>;

/** `recently-started` is not a public sort: it orders `/sessions/live`. */
export type SessionOrder = SessionSearchSort | 'recently-started';

export interface SessionCriteria {
  /** Free text; '' matches everything. */
  text: string;
  status?: SessionStatus | undefined;
  category?: string | undefined;
  creatorId?: string | undefined;
  order: SessionOrder;
}

export interface ProductCriteria {
  text: string;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  order: ProductSearchSort;
}

export interface Found<T> {
  items: T[];
  /** Matches counted, at most `countLimit + 1`: above `countLimit` means "more than that". */
  counted: number;
}

/** Activity of one live session since a moment, the raw material of the trending ranking. */
export interface LiveEngagement {
  sessionId: string;
  startedAt: Date | null;
  chatMessages: number;
  views: number;
}

/*
 * Every order ends with the id, so pages never repeat or skip a row. These are fixed fragments
 * chosen by an enum value, never built from input. title/name sort case-insensitively, like the
 * lower(...) indexes of the search_trigram_indexes migration.
 */
const sessionOrderBy: Record<SessionOrder, Prisma.Sql> = {
  newest: Prisma.sql`created_at DESC, id ASC`,
  oldest: Prisma.sql`created_at ASC, id ASC`,
  title: Prisma.sql`lower(title) ASC, id ASC`,
  'recently-started': Prisma.sql`started_at DESC NULLS LAST, id ASC`,
};

const productOrderBy: Record<ProductSearchSort, Prisma.Sql> = {
  newest: Prisma.sql`created_at DESC, id ASC`,
  oldest: Prisma.sql`created_at ASC, id ASC`,
  'price-asc': Prisma.sql`price ASC, id ASC`,
  'price-desc': Prisma.sql`price DESC, id ASC`,
  name: Prisma.sql`lower(name) ASC, id ASC`,
};

/*
 * Exactly the expressions of the trigram indexes (sessions_search_text_trgm_idx,
 * products_search_text_trgm_idx): PostgreSQL only uses an expression index for the same expression.
 * ILIKE makes the match case-insensitive; trigram indexes ignore case, so they serve it.
 */
const sessionSearchText = Prisma.sql`session_search_text(title, description, category, tags)`;
const productSearchText = Prisma.sql`product_search_text(name, description)`;

function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
}

function sessionConditions(criteria: SessionCriteria): Prisma.Sql[] {
  const conditions = containsPatterns(criteria.text).map(
    (pattern) => Prisma.sql`${sessionSearchText} ILIKE ${pattern}`,
  );
  if (criteria.status) conditions.push(Prisma.sql`status = ${criteria.status}::"SessionStatus"`);
  if (criteria.category) conditions.push(Prisma.sql`lower(category) = lower(${criteria.category})`);
  if (criteria.creatorId) conditions.push(Prisma.sql`creator_id = ${criteria.creatorId}::uuid`);
  return conditions;
}

function productConditions(criteria: ProductCriteria): Prisma.Sql[] {
  const conditions = containsPatterns(criteria.text).map(
    (pattern) => Prisma.sql`${productSearchText} ILIKE ${pattern}`,
  );
  // Compared as numeric, the column's own type, so the price index applies and 9.99 stays exact.
  if (criteria.minPrice !== undefined) conditions.push(Prisma.sql`price >= ${String(criteria.minPrice)}::numeric`);
  if (criteria.maxPrice !== undefined) conditions.push(Prisma.sql`price <= ${String(criteria.maxPrice)}::numeric`);
  return conditions;
}

/** The ids of one page of matching sessions, in order. Exported so a test can EXPLAIN the real query. */
export function sessionPageQuery(criteria: SessionCriteria, page: PaginationQuery): Prisma.Sql {
  return Prisma.sql`SELECT id FROM sessions ${whereClause(sessionConditions(criteria))}
    ORDER BY ${sessionOrderBy[criteria.order]} LIMIT ${page.limit} OFFSET ${page.offset}`;
}

export function productPageQuery(criteria: ProductCriteria, page: PaginationQuery): Prisma.Sql {
  return Prisma.sql`SELECT id FROM products ${whereClause(productConditions(criteria))}
    ORDER BY ${productOrderBy[criteria.order]} LIMIT ${page.limit} OFFSET ${page.offset}`;
}

/*
 * Counts stop after `countLimit + 1` matches: each match is a recheck of its text, so an exact count
 * of a common word visited every one of thousands of rows (search-total.ts says why and how far).
 * With the LIMIT inside, PostgreSQL stops scanning there, and picks the path for that many rows.
 */
export function sessionCountQuery(criteria: SessionCriteria, countLimit: number): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS counted FROM (SELECT FROM sessions
    ${whereClause(sessionConditions(criteria))} LIMIT ${countLimit + 1}) AS matches`;
}

export function productCountQuery(criteria: ProductCriteria, countLimit: number): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS counted FROM (SELECT FROM products
    ${whereClause(productConditions(criteria))} LIMIT ${countLimit + 1}) AS matches`;
}

/** Rows in the order of `ids` (findMany's `in` keeps no order). */
function inIdOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function createSearchRepository(prisma: PrismaClient) {
  /**
   * The page's ids and the (bounded) count come from two queries run side by side: the page may
   * stop early along an index, the count after `countLimit + 1` matches. The page's full rows then
   * come through Prisma, so they carry Prisma's types (Decimal prices, Dates) like everywhere else.
   * The three reads are not one snapshot; a row written in between can make the count off by one,
   * which a search result can live with.
   */
  async function findPage<T extends { id: string }>(
    pageQuery: Prisma.Sql,
    countQuery: Prisma.Sql,
    load: (ids: string[]) => Promise<T[]>,
  ): Promise<Found<T>> {
    const [rows, [{ counted }]] = await Promise.all([
      prisma.$queryRaw<{ id: string }[]>(pageQuery),
      prisma.$queryRaw<[{ counted: number }]>(countQuery),
    ]);
    const ids = rows.map((row) => row.id);
    return { items: ids.length === 0 ? [] : inIdOrder(ids, await load(ids)), counted };
  }

  const loadSessions = (ids: string[]) => prisma.session.findMany({ where: { id: { in: ids } } });
  const loadProducts = (ids: string[]) => prisma.product.findMany({ where: { id: { in: ids } } });

  return {
    /** One page of matches, and the matches counted up to `countLimit + 1`. */
    findSessions(criteria: SessionCriteria, page: PaginationQuery, countLimit: number): Promise<Found<SessionRecord>> {
      return findPage(sessionPageQuery(criteria, page), sessionCountQuery(criteria, countLimit), loadSessions);
    },

    findProducts(criteria: ProductCriteria, page: PaginationQuery, countLimit: number): Promise<Found<ProductRecord>> {
      return findPage(productPageQuery(criteria, page), productCountQuery(criteria, countLimit), loadProducts);
    },

    async findSessionsByIds(ids: string[]): Promise<SessionRecord[]> {
      return ids.length === 0 ? [] : inIdOrder(ids, await loadSessions(ids));
    },

    /**
     * Chat messages (not moderated away) and viewer joins since `since`, for every live session.
     * Both counts walk the (session_id, time) indexes of their tables.
     */
    async liveEngagementSince(since: Date): Promise<LiveEngagement[]> {
      const sessions = await prisma.session.findMany({
        where: { status: 'live' },
        select: {
          id: true,
          startedAt: true,
          _count: {
            select: {
              chatMessages: { where: { createdAt: { gte: since }, deletedAt: null } },
              views: { where: { joinedAt: { gte: since } } },
            },
          },
        },
      });
      return sessions.map((session) => ({
        sessionId: session.id,
        startedAt: session.startedAt,
        chatMessages: session._count.chatMessages,
        views: session._count.views,
      }));
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
