import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type CreateProductBody,
  ForbiddenError,
  NotFoundError,
  type ProductListQuery,
  type ProductView,
  UnauthorizedError,
  type UpdateProductBody,
} from '@showfloor/contracts';
import { assertCanManage, hasCreatorRole } from '../../shared/authorization.ts';
import type { ActivityRecorder } from '../feeds/activity-recorder.ts';
import { activityTexts } from '../feeds/activity-texts.ts';
import { toProductView } from './product-view.ts';
import type { ProductRecord, ProductsRepository } from './products.repository.ts';

export interface ProductsServiceDeps {
  products: ProductsRepository;
  /** The seller's feed: "added a product", written without holding up the answer. */
  activities?: ActivityRecorder;
  /** Told after a product was added, changed or deleted (committed): cached public answers may show it. */
  catalogChanged?: () => Promise<void>;
}

export function createProductsService({ products, activities, catalogChanged }: ProductsServiceDeps) {
  async function requireProduct(id: string): Promise<ProductRecord> {
    const product = await products.findById(id);
    if (!product) throw new NotFoundError('Product');
    return product;
  }

  /**
   * The seller or an admin. A missing product is a 404 for everyone, since there is no owner to
   * compare against; a 403 on an existing one reveals nothing, because products are public.
   */
  async function requireManageable(caller: AccessTokenIdentity, id: string): Promise<ProductRecord> {
    const product = await requireProduct(id);
    assertCanManage(caller, { product });
    return product;
  }

  return {
    async list(query: ProductListQuery): Promise<{ items: ProductView[]; total: number }> {
      const { items, total } = await products.list(query);
      return { items: items.map(toProductView), total };
    },

    async get(id: string): Promise<ProductView> {
      return toProductView(await requireProduct(id));
    },

    /** The seller is always the caller: identity comes from the token, never from the body. */
    async create(caller: AccessTokenIdentity, body: CreateProductBody): Promise<ProductView> {
      if (!hasCreatorRole(caller)) throw new ForbiddenError('Only creators and admins can add products');
      const product = await products.create(caller.userId, body);
      if (!product) throw new UnauthorizedError('This account no longer exists');
      await catalogChanged?.();
      activities?.record(activityTexts.productCreated(product));
      return toProductView(product);
    },

    async update(caller: AccessTokenIdentity, id: string, body: UpdateProductBody): Promise<ProductView> {
      await requireManageable(caller, id);
      const updated = await products.update(id, body);
      await catalogChanged?.();
      // Deleted between the ownership check and the write.
      if (!updated) throw new NotFoundError('Product');
      return toProductView(updated);
    },

    async delete(caller: AccessTokenIdentity, id: string): Promise<{ id: string }> {
      await requireManageable(caller, id);
      const deleted = await products.delete(id);
      await catalogChanged?.();
      if (!deleted) throw new NotFoundError('Product');
      return { id };
    },
  };
}

export type ProductsService = ReturnType<typeof createProductsService>;
