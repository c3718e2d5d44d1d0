import { ApiError } from '@showfloor/client';
import type { ProductView } from '@showfloor/contracts/rest';
import { hasCreatorRole } from '@showfloor/contracts/rules';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { actorOf } from '../../platform/actor.ts';
import { useAuth } from '../../platform/auth-context.tsx';
import { useApi } from '../../platform/web-client-context.tsx';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { formErrorText } from '../../ui/error-text.ts';
import { FormError } from '../../ui/form-field.tsx';
import { formatPrice } from '../../ui/format-figures.ts';
import { Failure, QueryState } from '../../ui/page-states.tsx';
import { createProductBody, updateProductBody } from './product-bodies.ts';
import { ProductForm } from './product-form.tsx';
import { productsPageSize, sellerProductKeys, useSellerProductsPage } from './seller-products-query.ts';
import './products.css';
import { OffsetPager } from '../../ui/offset-pager.tsx';

// Shown as the API's own 403 would be; the API refuses a non-creator's products anyway.
const notACreator = new ApiError('forbidden', 'Only creators and admins sell products', { status: 403 });

/** The signed-in creator's catalog (`/studio/products`): add, edit and delete their own products. */
export function Component() {
  const { user } = useAuth();
  return (
    <main className="page products-page">
      <h1>Your products</h1>
      {user && hasCreatorRole(actorOf(user)) ? (
        <Catalog sellerId={user.id} />
      ) : (
        <>
          <Failure error={notACreator} />
          <p className="muted">Only creator accounts sell products.</p>
        </>
      )}
    </main>
  );
}

function Catalog({ sellerId }: { sellerId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  const page = useSellerProductsPage(sellerId, offset);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sellerProductKeys.all(sellerId) });

  // The last product of a later page was deleted: show the page before it rather than an empty one.
  const emptiedPage = offset > 0 && page.data?.products.length === 0 && !page.isPlaceholderData;
  useEffect(() => {
    if (emptiedPage) setOffset((current) => Math.max(0, current - productsPageSize));
  }, [emptiedPage]);

  async function create(form: FormData) {
    const { data } = await api.products.create({ body: createProductBody(form) });
    setAdded(data.name);
    setOffset(0);
    await refresh();
  }

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="new-product-title">
        <h2 id="new-product-title">Add a product</h2>
        <ProductForm submitLabel="Add product" busyLabel="Adding…" onSubmit={create} />
        {added ? (
          <p className="muted small" role="status">
            Added “{added}”.
          </p>
        ) : null}
      </section>
      <section className="card stack" aria-labelledby="catalog-title">
        <h2 id="catalog-title">Catalog</h2>
        <QueryState
          query={page}
          isEmpty={({ products }) => products.length === 0 && offset === 0}
          empty="No products yet. Add your first one above."
        >
          {({ products, meta }) => (
            <>
              <ol className="product-list" data-testid="product-list">
                {products.map((product) => (
                  <ProductItem key={product.id} product={product} onChanged={refresh} />
                ))}
              </ol>
              <OffsetPager
                label="Catalog pages"
                offset={offset}
                pageSize={productsPageSize}
                shown={products.length}
                total={meta.total}
                hasMore={meta.hasMore}
                onOffset={setOffset}
              />
            </>
          )}
        </QueryState>
      </section>
    </div>
  );
}

function ProductItem({ product, onChanged }: { product: ProductView; onChanged: () => Promise<unknown> }) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  async function save(form: FormData) {
    await api.products.update({ params: { productId: product.id }, body: updateProductBody(form) });
    await onChanged();
    setEditing(false);
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await api.products.delete({ params: { productId: product.id } });
    } catch (failure) {
      setDeleteError(failure);
    } finally {
      // Gone or not, the list shows what the API now holds.
      await onChanged();
      setDeleting(false);
    }
  }

  if (editing) {
    return (
      <li className="product-item" data-testid="product">
        <ProductForm
          product={product}
          submitLabel="Save"
          busyLabel="Saving…"
          onSubmit={save}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li className="product-item" data-testid="product">
      <div className="product-summary">
        {product.imageUrl ? <img className="product-image" src={product.imageUrl} alt="" loading="lazy" /> : null}
        <div>
          <strong className="product-name">{product.name}</strong>{' '}
          <span className="product-price" data-testid="product-price">
            {formatPrice(product.price)}
          </span>
          {product.description ? <p className="muted small product-description">{product.description}</p> : null}
        </div>
      </div>
      <div className="row">
        <button
          type="button"
          className="button button-small"
          aria-label={`Edit ${product.name}`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
        <ConfirmButton
          label={deleting ? 'Deleting…' : 'Delete'}
          ariaLabel={`Delete ${product.name}`}
          question={`Delete “${product.name}”? It leaves every session it is in.`}
          confirmLabel="Yes, delete"
          disabled={deleting}
          onConfirm={() => void remove()}
        />
      </div>
      <FormError message={deleteError ? formErrorText(deleteError) : null} />
    </li>
  );
}
