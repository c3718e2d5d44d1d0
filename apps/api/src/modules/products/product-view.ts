import type { ProductView } from '@showfloor/contracts';
import type { ProductRecord } from './products.repository.ts';

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
