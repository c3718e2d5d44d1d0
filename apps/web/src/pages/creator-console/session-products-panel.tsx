import type { SessionDetailView, SessionProductView } from '@showfloor/contracts/rest';
import { isOnAir } from '@showfloor/contracts/rules';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { useApi } from '../../platform/web-client-context.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { useWholeSellerCatalog } from '../products/seller-products-query.ts';
import { ActionError } from './action-error.tsx';
import { displayOrderChanges } from './display-order.ts';
import { formatPrice } from './format-figures.ts';
import { useSessionAction } from './use-session-action.ts';

type ProductChange =
  | { kind: 'add'; productId: string }
  | { kind: 'remove'; productId: string }
  | { kind: 'feature'; productId: string; featured: boolean }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'showcase'; productId: string | null };

/**
 * The session's products in display order, with what the creator can do to each: move, feature,
 * showcase, remove; and one of their other products to add. One change at a time, and the session
 * is read again after each, so the list shown is always the one the API holds.
 */
export function SessionProductsPanel({ session }: { session: SessionDetailView }) {
  const api = useApi();
  const onAir = isOnAir(session.status);
  const change = useSessionAction(session.id, async (request: ProductChange) => {
    const sessionId = session.id;
    switch (request.kind) {
      case 'add':
        return api.sessionProducts.add({ params: { sessionId }, body: { productId: request.productId } });
      case 'remove':
        return api.sessionProducts.remove({ params: { sessionId, productId: request.productId } });
      case 'feature':
        return api.sessionProducts.feature({
          params: { sessionId, productId: request.productId },
          body: { featured: request.featured },
        });
      case 'showcase':
        return api.sessions.showcase({ params: { sessionId }, body: { productId: request.productId } });
      case 'move':
        // One write per product whose place changes; the re-read afterwards shows the outcome.
        for (const { productId, displayOrder } of displayOrderChanges(session.products, request.from, request.to)) {
          await api.sessionProducts.setOrder({ params: { sessionId, productId }, body: { displayOrder } });
        }
        return null;
    }
  });
  const busy = change.isPending;

  return (
    <section className="card stack" aria-labelledby="console-products-title">
      <h2 id="console-products-title">Products</h2>
      <Showcased session={session} busy={busy} onClear={() => change.mutate({ kind: 'showcase', productId: null })} />
      {session.products.length === 0 ? (
        <p className="muted">No products in this session yet. Add one below.</p>
      ) : (
        <ol className="console-products">
          {session.products.map((product, index) => (
            <ProductRow
              key={product.id}
              product={product}
              showcased={session.activeProductId === product.id}
              canShowcase={onAir}
              first={index === 0}
              last={index === session.products.length - 1}
              busy={busy}
              onChange={(request) =>
                change.mutate(request.kind === 'move' ? { kind: 'move', from: index, to: index + request.by } : request)
              }
            />
          ))}
        </ol>
      )}
      <ActionError error={change.error} />
      <AddProductForm session={session} busy={busy} onAdd={(productId) => change.mutate({ kind: 'add', productId })} />
    </section>
  );
}

function Showcased({ session, busy, onClear }: { session: SessionDetailView; busy: boolean; onClear: () => void }) {
  if (!session.activeProduct) {
    return (
      <p className="muted" data-testid="showcased-product">
        {isOnAir(session.status)
          ? 'Nothing showcased. Showcase a product to pin it for every viewer.'
          : 'Products can be showcased while the stream is on air.'}
      </p>
    );
  }
  return (
    <div className="console-showcased row" data-testid="showcased-product">
      <span>
        Showcased now: <strong>{session.activeProduct.name}</strong> ({formatPrice(session.activeProduct.price)})
      </span>
      <button type="button" className="button button-small" disabled={busy} onClick={onClear}>
        Clear showcase
      </button>
    </div>
  );
}

type RowChange = Exclude<ProductChange, { kind: 'move' | 'add' }> | { kind: 'move'; by: -1 | 1 };

function ProductRow({
  product,
  showcased,
  canShowcase,
  first,
  last,
  busy,
  onChange,
}: {
  product: SessionProductView;
  showcased: boolean;
  canShowcase: boolean;
  first: boolean;
  last: boolean;
  busy: boolean;
  onChange: (change: RowChange) => void;
}) {
  return (
    <li className="console-product" data-testid="session-product">
      <div className="console-product-name">
        <strong>{product.name}</strong> <span className="muted">{formatPrice(product.price)}</span>{' '}
        {product.featured ? <span className="badge">featured</span> : null}{' '}
        {showcased ? <span className="badge badge-live">showcased</span> : null}
      </div>
      <div className="row">
        <button
          type="button"
          className="button button-small"
          disabled={busy || first}
          aria-label={`Move ${product.name} up`}
          onClick={() => onChange({ kind: 'move', by: -1 })}
        >
          ↑
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy || last}
          aria-label={`Move ${product.name} down`}
          onClick={() => onChange({ kind: 'move', by: 1 })}
        >
          ↓
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          aria-label={`${product.featured ? 'Unfeature' : 'Feature'} ${product.name}`}
          onClick={() => onChange({ kind: 'feature', productId: product.id, featured: !product.featured })}
        >
          {product.featured ? 'Unfeature' : 'Feature'}
        </button>
        {canShowcase && !showcased ? (
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy}
            aria-label={`Showcase ${product.name}`}
            onClick={() => onChange({ kind: 'showcase', productId: product.id })}
          >
            Showcase
          </button>
        ) : null}
        <button
          type="button"
          className="button button-small button-danger"
          disabled={busy}
          aria-label={`Remove ${product.name}`}
          onClick={() => onChange({ kind: 'remove', productId: product.id })}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

/** One of the creator's products not yet in the session (the API accepts only the creator's own). */
function AddProductForm({
  session,
  busy,
  onAdd,
}: {
  session: SessionDetailView;
  busy: boolean;
  onAdd: (productId: string) => void;
}) {
  const catalog = useWholeSellerCatalog(session.creatorId);
  const [chosen, setChosen] = useState('');

  return (
    <QueryState query={catalog}>
      {(products) => {
        const inSession = new Set(session.products.map((product) => product.id));
        const addable = products.filter((product) => !inSession.has(product.id));
        if (addable.length === 0) {
          return (
            <p className="muted small">
              {products.length === 0 ? 'You have no products yet.' : 'Every one of your products is in this session.'}{' '}
              <Link to={paths.products()}>Manage your products</Link>
            </p>
          );
        }
        const selected = addable.some((product) => product.id === chosen) ? chosen : (addable[0]?.id ?? '');
        const submit = (event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          if (selected) onAdd(selected);
        };
        return (
          <form className="row" onSubmit={submit}>
            <label className="field console-add-field">
              <span className="field-label">Add a product</span>
              <select value={selected} onChange={(event) => setChosen(event.currentTarget.value)}>
                {addable.map((product) => (
                  <option key={product.id} value={product.id}>
                    {product.name} — {formatPrice(product.price)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button" disabled={busy || !selected}>
              Add to session
            </button>
          </form>
        );
      }}
    </QueryState>
  );
}
