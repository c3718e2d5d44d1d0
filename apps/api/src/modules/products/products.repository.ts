import type { CreateProductBody, ProductListQuery, UpdateProductBody } from '@showfloor/contracts';
import { Prisma, type PrismaClient } from '@showfloor/db';
import { isForeignKeyViolation, isRecordNotFound } from '../../shared/prisma-errors.ts';

export type ProductRecord = NonNullable<Awaited<ReturnType<PrismaClient['product']['findUnique']>>>;

/**
 * The contract only lets through numbers that are the nearest double to a 2-decimal value, so
 * `toFixed(2)` is that value exactly; building the Decimal from it keeps float noise out of the column.
 */
const toDecimal = (price: number) => new Prisma.Decimal(price.toFixed(2));

export function createProductsRepository(prisma: PrismaClient) {
  return {
    findById(id: string) {
      return prisma.product.findUnique({ where: { id } });
    },
    /** Newest first; the id breaks ties so pages never repeat or skip a product. */
    async list({ limit, offset, sellerId }: ProductListQuery) {
      const where: Prisma.ProductWhereInput = sellerId ? { sellerId } : {};
      const [items, total] = await prisma.$transaction([
        prisma.product.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: limit, skip: offset }),
        prisma.product.count({ where }),
      ]);
      return { items, total };
    },
    /**
     * Columns are picked one by one rather than spread from the body, so nothing but these fields
     * can be written. Null when the seller's account no longer exists (its token outlived it).
     */
    async create(sellerId: string, fields: CreateProductBody): Promise<ProductRecord | null> {
      try {
        return await prisma.product.create({
          data: {
            sellerId,
            name: fields.name,
            description: fields.description ?? null,
            price: toDecimal(fields.price),
            imageUrl: fields.imageUrl ?? null,
          },
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) return null;
        throw error;
      }
    },
    /** Absent fields stay as they are; null clears an optional one. Null when the product is gone. */
    async update(id: string, fields: UpdateProductBody): Promise<ProductRecord | null> {
      try {
        return await prisma.product.update({
          where: { id },
          data: {
            name: fields.name,
            description: fields.description,
            price: fields.price === undefined ? undefined : toDecimal(fields.price),
            imageUrl: fields.imageUrl,
          },
        });
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
    },
    async delete(id: string): Promise<boolean> {
      const { count } = await prisma.product.deleteMany({ where: { id } });
      return count === 1;
    },
  };
}

export type ProductsRepository = ReturnType<typeof createProductsRepository>;
