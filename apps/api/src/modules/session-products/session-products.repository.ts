import { onAirStatuses } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';
import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation } from '../../shared/prisma-errors.ts';
import { productDisplayOrder } from './product-display-order.ts';

const withProduct = { product: true } as const;

export type SessionProductRecord = Prisma.SessionProductGetPayload<{ include: typeof withProduct }>;
export type ProductRecord = SessionProductRecord['product'];

export type AddOutcome =
  | { outcome: 'added'; link: SessionProductRecord }
  | { outcome: 'already-linked' }
  /** The session or the product was deleted while the link was being written. */
  | { outcome: 'gone' };

export type FeaturedOutcome =
  | { outcome: 'updated'; featured: SessionProductRecord[] }
  | { outcome: 'not-linked'; productIds: string[] };

export type ShowcaseOutcome =
  | { outcome: 'showcased'; product: ProductRecord | null }
  | { outcome: 'not-in-session' }
  | { outcome: 'not-showcasable' };

/** Thrown inside a transaction only to roll it back; never leaves this file. */
class RollBack<T> extends Error {
  constructor(readonly result: T) {
    super('rolled back');
  }
}

async function rollingBackOn<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RollBack) return error.result as T;
    throw error;
  }
}

export function createSessionProductsRepository(prisma: PrismaClient) {
  return {
    findSession(id: string) {
      return prisma.session.findUnique({
        where: { id },
        select: { id: true, creatorId: true, status: true, activeProductId: true },
      });
    },

    findProduct(id: string) {
      return prisma.product.findUnique({ where: { id } });
    },

    /** Null when the session does not exist (as opposed to an empty list). */
    async listForSession(sessionId: string, filter: { featured?: boolean | undefined }) {
      const session = await prisma.session.findUnique({
        where: { id: sessionId },
        select: {
          products: {
            where: filter.featured === undefined ? {} : { featured: filter.featured },
            include: withProduct,
            orderBy: productDisplayOrder,
          },
        },
      });
      return session?.products ?? null;
    },

    /** The session's product ids in display order (what realtime nodes check clicks against). */
    async productIdsInOrder(sessionId: string): Promise<string[]> {
      const links = await prisma.sessionProduct.findMany({
        where: { sessionId },
        select: { productId: true },
        orderBy: productDisplayOrder,
      });
      return links.map((link) => link.productId);
    },

    /** Without a displayOrder the product goes after the last one in the session. */
    async add(
      sessionId: string,
      productId: string,
      fields: { featured?: boolean | undefined; displayOrder?: number | undefined },
    ): Promise<AddOutcome> {
      try {
        const link = await prisma.$transaction(async (tx) => {
          let displayOrder = fields.displayOrder;
          if (displayOrder === undefined) {
            const { _max } = await tx.sessionProduct.aggregate({ where: { sessionId }, _max: { displayOrder: true } });
            displayOrder = _max.displayOrder === null ? 0 : _max.displayOrder + 1;
          }
          return tx.sessionProduct.create({
            data: { sessionId, productId, featured: fields.featured ?? false, displayOrder },
            include: withProduct,
          });
        });
        return { outcome: 'added', link };
      } catch (error) {
        if (isUniqueViolation(error)) return { outcome: 'already-linked' };
        if (isForeignKeyViolation(error)) return { outcome: 'gone' };
        throw error;
      }
    },

    /**
     * Exactly `productIds` become featured and every other product of the session stops being,
     * all or nothing: if any id is not linked to the session, nothing is changed.
     */
    setFeaturedSet(sessionId: string, productIds: string[]): Promise<FeaturedOutcome> {
      return rollingBackOn(() =>
        prisma.$transaction(async (tx): Promise<FeaturedOutcome> => {
          // Updating first locks the linked rows, so none can be removed between the check and the end.
          const { count } = await tx.sessionProduct.updateMany({
            where: { sessionId, productId: { in: productIds } },
            data: { featured: true },
          });
          if (count !== productIds.length) {
            const linked = await tx.sessionProduct.findMany({
              where: { sessionId, productId: { in: productIds } },
              select: { productId: true },
            });
            const linkedIds = new Set(linked.map((link) => link.productId));
            throw new RollBack<FeaturedOutcome>({
              outcome: 'not-linked',
              productIds: productIds.filter((id) => !linkedIds.has(id)),
            });
          }
          await tx.sessionProduct.updateMany({
            where: { sessionId, featured: true, productId: { notIn: productIds } },
            data: { featured: false },
          });
          const featured = await tx.sessionProduct.findMany({
            where: { sessionId, featured: true },
            include: withProduct,
            orderBy: productDisplayOrder,
          });
          return { outcome: 'updated', featured };
        }),
      );
    },

    /** Null when the product is not linked to the session. */
    async update(
      sessionId: string,
      productId: string,
      data: { featured?: boolean; displayOrder?: number },
    ): Promise<SessionProductRecord | null> {
      try {
        return await prisma.sessionProduct.update({
          where: { sessionId_productId: { sessionId, productId } },
          data,
          include: withProduct,
        });
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
    },

    /**
     * Unlinks the product and, in the same transaction, stops showcasing it if it was the active
     * product, so a session never points at a product it no longer carries.
     */
    async remove(sessionId: string, productId: string): Promise<{ removed: boolean; showcaseCleared: boolean }> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.sessionProduct.deleteMany({ where: { sessionId, productId } });
        if (count === 0) return { removed: false, showcaseCleared: false };
        const cleared = await tx.session.updateMany({
          where: { id: sessionId, activeProductId: productId },
          data: { activeProductId: null },
        });
        return { removed: true, showcaseCleared: cleared.count === 1 };
      });
    },

    /**
     * Sets (or, with null, clears) the showcased product while the session is live or paused.
     * The link row is share-locked first: a concurrent removal of the product either waits for
     * this to commit (and then clears the showcase itself) or has already removed it (and this
     * refuses), so the active product is always one the session carries.
     */
    setActiveProduct(sessionId: string, productId: string | null): Promise<ShowcaseOutcome> {
      return prisma.$transaction(async (tx): Promise<ShowcaseOutcome> => {
        let product: ProductRecord | null = null;
        if (productId !== null) {
          const locked = await tx.$queryRaw<unknown[]>`
              SELECT 1 FROM session_products
              WHERE session_id = ${sessionId}::uuid AND product_id = ${productId}::uuid
              FOR SHARE`;
          if (locked.length === 0) return { outcome: 'not-in-session' };
          product = await tx.product.findUnique({ where: { id: productId } });
          if (!product) return { outcome: 'not-in-session' };
        }
        const { count } = await tx.session.updateMany({
          where: { id: sessionId, status: { in: [...onAirStatuses] } },
          data: { activeProductId: productId },
        });
        if (count === 0) return { outcome: 'not-showcasable' };
        return { outcome: 'showcased', product };
      });
    },
  };
}

export type SessionProductsRepository = ReturnType<typeof createSessionProductsRepository>;
