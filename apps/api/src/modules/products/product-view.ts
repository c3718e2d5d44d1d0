import type { ProductView, productSummarySchema } from '@showfloor/contracts';
import type { z } from 'zod';
import type { ProductRecord } from './products.repository.ts';

export type ProductSummaryView = z.infer<typeof productSummarySchema>;

/** The short form shown inside sessions and showcases. */
export function toProductSummary(
  product: Pick<ProductRecord, 'id' | 'name' | 'description' | 'price' | 'imageUrl'>,
): ProductSummaryView {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price.toNumber(),
    imageUrl: product.imageUrl,
  };
}

/** A product as anyone sees it; the price leaves NUMERIC(12,2) as a JSON number, as the seed shows it. */
export function toProductView(product: ProductRecord): ProductView {
  return {
    id: product.id,
    sellerId: product.sellerId,
    name: product.name,
    description: product.description,
    price: product.price.toNumber(),
    imageUrl: product.imageUrl,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
