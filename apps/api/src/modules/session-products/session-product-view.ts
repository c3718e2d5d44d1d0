import type { SessionProductView } from '@showfloor/contracts';
import { toProductSummary } from '../products/product-view.ts';
import type { SessionProductRecord } from './session-products.repository.ts';

export function toSessionProductView(link: SessionProductRecord): SessionProductView {
  return {
    ...toProductSummary(link.product),
    featured: link.featured,
    displayOrder: link.displayOrder,
    addedAt: link.addedAt,
  };
}
