import type { ProductClickStats } from '@showfloor/contracts/rest';
import { useState } from 'react';
import { useSocketEvent } from '../platform/realtime-context.tsx';

/** The room's five most clicked products, as the realtime service last sent them (empty until then). */
export function useTrendingProducts(sessionId: string): ProductClickStats[] {
  const [products, setProducts] = useState<ProductClickStats[]>([]);
  useSocketEvent('trending-products', (event) => {
    if (event.sessionId === sessionId) setProducts(event.products);
  });
  return products;
}
