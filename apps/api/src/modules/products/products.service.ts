import type { ProductsRepository } from './products.repository.ts';

export interface ProductsServiceDeps {
  products: ProductsRepository;
}

export function createProductsService(_deps: ProductsServiceDeps) {
  return {};
}

export type ProductsService = ReturnType<typeof createProductsService>;
