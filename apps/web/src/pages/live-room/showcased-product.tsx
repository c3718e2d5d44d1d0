import type { SessionDetailView } from '@showfloor/contracts/rest';
import { ProductItem } from './product-item.tsx';

/** The product the creator is showing right now (`product-showcased` / `showcase-cleared` keep it current). */
export function ShowcasedProduct({ session, inRoom }: { session: SessionDetailView; inRoom: boolean }) {
  const product = session.activeProduct;
  return (
    <section className="card showcase" aria-label="Showcased product" data-testid="showcase">
      <h2>
        <span aria-hidden="true">✨ </span>Now showing
      </h2>
      {product ? (
        <ProductItem
          key={product.id}
          sessionId={session.id}
          product={product}
          status={session.status}
          inRoom={inRoom}
          testId="showcased-product"
        />
      ) : (
        <p className="muted small">The creator is not showing a product right now.</p>
      )}
    </section>
  );
}
