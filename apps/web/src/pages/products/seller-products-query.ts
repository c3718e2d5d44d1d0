import type { ApiClient } from '@showfloor/client';
import { maxPageSize } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';

/** Query keys of one seller's catalog: every read of it sits under `all`, so one change refreshes them all. */
export const sellerProductKeys = {
  all: (sellerId: string) => ['products', 'seller', sellerId] as const,
  page: (sellerId: string, offset: number) => ['products', 'seller', sellerId, 'page', offset] as const,
  everything: (sellerId: string) => ['products', 'seller', sellerId, 'everything'] as const,
};

export const productsPageSize = 20;

/** One page of a seller's products, newest first; the previous page stays shown while the next loads. */
export function useSellerProductsPage(sellerId: string, offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: sellerProductKeys.page(sellerId, offset),
    queryFn: async () => {
      const { data, meta } = await api.products.list({ query: { sellerId, limit: productsPageSize, offset } });
      return { products: data, meta };
    },
    placeholderData: keepPreviousData,
  });
}

/** A catalog larger than this is not listed whole in a picker (the products page pages through it). */
const maxPickerPages = 10;

async function readWholeCatalog(api: ApiClient, sellerId: string) {
  const products = [];
  for (let page = 0; page < maxPickerPages; page++) {
    const { data, meta } = await api.products.list({
      query: { sellerId, limit: maxPageSize, offset: page * maxPageSize },
    });
    products.push(...data);
    if (!meta.hasMore) break;
  }
  return products;
}

/** Every product of a seller (up to 1,000), for choosing one: the API pages, so this reads page after page. */
export function useWholeSellerCatalog(sellerId: string) {
  const api = useApi();
  return useQuery({
    queryKey: sellerProductKeys.everything(sellerId),
    queryFn: () => readWholeCatalog(api, sellerId),
  });
}
