import type { productSummarySchema, SessionProductView } from '@showfloor/contracts';
import type { z } from 'zod';
import type { ProductRecord, SessionProductRecord } from './session-products.repository.ts';

export type ProductSummaryView = z.infer<typeof productSummarySchema>;

/** What viewers see of a product in a session; the price leaves NUMERIC(12,2) as a JSON number. */
export function toProductSummary(product: ProductRecord): ProductSummaryView {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price.toNumber(),
    imageUrl: product.imageUrl,
  };
}

export function toSessionProductView(link: SessionProductRecord): SessionProductView {
  return {
    ...toProductSummary(link.product),
    featured: link.featured,
    displayOrder: link.displayOrder,
    addedAt: link.addedAt,
  };
}
