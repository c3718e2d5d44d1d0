import { randomUUID } from 'node:crypto';
import type { CreateSessionBody, SessionListQuery, SessionStatus, UpdateSessionBody } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';
import { isForeignKeyViolation, isRecordNotFound } from '../../shared/prisma-errors.ts';
import { productDisplayOrder } from '../session-products/product-display-order.ts';
import type { TransitionTimestamps } from './status-machine.ts';

const detailInclude = {
  creator: { select: { id: true, name: true, username: true } },
  activeProduct: true,
  products: { include: { product: true }, orderBy: productDisplayOrder },
} satisfies Prisma.SessionInclude;

export type SessionRecord = NonNullable<Awaited<ReturnType<PrismaClient['session']['findUnique']>>>;
export type SessionDetailRecord = Prisma.SessionGetPayload<{ include: typeof detailInclude }>;
export type SessionFields = Omit<CreateSessionBody, 'productIds'>;

export function createSessionsRepository(prisma: PrismaClient) {
  return {
    findById(id: string) {
      return prisma.session.findUnique({ where: { id } });
    },
    findDetail(id: string) {
      return prisma.session.findUnique({ where: { id }, include: detailInclude });
    },
    /** Newest first; the id breaks ties so pages never repeat or skip a session. */
    async list({ limit, offset, creatorId }: SessionListQuery) {
      const where: Prisma.SessionWhereInput = creatorId ? { creatorId } : {};
      const [items, total] = await prisma.$transaction([
        prisma.session.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: limit, skip: offset }),
        prisma.session.count({ where }),
      ]);
      return { items, total };
    },
    /** Who sells each of these products; ids that do not exist are simply absent. */
    findProductSellers(productIds: readonly string[]) {
      if (productIds.length === 0) return Promise.resolve([]);
      return prisma.product.findMany({ where: { id: { in: [...productIds] } }, select: { id: true, sellerId: true } });
    },
    /**
     * The session and its product links in one statement, so either all of it exists or none.
     * The Agora channel is named after the session, so the id is chosen here rather than by the
     * database. Null when a referenced row vanished meanwhile (the creator's account, or a product
     * deleted after it was checked): nothing is written then.
     */
    async create(creatorId: string, fields: SessionFields, productIds: readonly string[]) {
      const id = randomUUID();
      try {
        return await prisma.session.create({
          data: {
            id,
            creatorId,
            agoraChannelName: id,
            title: fields.title,
            description: fields.description ?? null,
            category: fields.category ?? null,
            tags: fields.tags ?? [],
            streamUrl: fields.streamUrl ?? null,
            streamKey: fields.streamKey ?? null,
            enableViewerAnalytics: fields.enableViewerAnalytics ?? true,
            products: { create: productIds.map((productId, displayOrder) => ({ productId, displayOrder })) },
          },
          include: detailInclude,
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) return null;
        throw error;
      }
    },
    /** Absent fields stay as they are; null clears an optional one. Null when the session is gone. */
    async update(id: string, fields: UpdateSessionBody) {
      try {
        return await prisma.session.update({
          where: { id },
          data: {
            title: fields.title,
            description: fields.description,
            category: fields.category,
            tags: fields.tags,
            streamUrl: fields.streamUrl,
            streamKey: fields.streamKey,
            enableViewerAnalytics: fields.enableViewerAnalytics,
          },
          include: detailInclude,
        });
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
    },
    /**
     * Moves the session from `from` to `to` only if it is still in `from` (one conditional UPDATE),
     * so of two concurrent changes exactly one wins. False when the status had already moved on or
     * the session is gone; the caller re-reads to tell which.
     */
    async transitionStatus(
      id: string,
      from: SessionStatus,
      to: SessionStatus,
      timestamps: TransitionTimestamps,
    ): Promise<boolean> {
      // updateMany, not update: it is guaranteed to be a single UPDATE … WHERE id AND status.
      const { count } = await prisma.session.updateMany({
        where: { id, status: from },
        data: { status: to, ...timestamps },
      });
      return count === 1;
    },
    /** Deletes the session only while it is in one of `statuses`; the status check and delete are one statement. */
    async deleteIfStatusIn(id: string, statuses: readonly SessionStatus[]): Promise<boolean> {
      const { count } = await prisma.session.deleteMany({ where: { id, status: { in: [...statuses] } } });
      return count === 1;
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
