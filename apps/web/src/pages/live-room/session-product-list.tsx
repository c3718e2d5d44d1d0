import type { SessionDetailView } from '@showfloor/contracts/rest';
import { Empty } from '../../ui/page-states.tsx';
import { ProductItem } from './product-item.tsx';

/** Every product of the session in the creator's display order; a click opens it and is counted. */
export function SessionProductList({ session, inRoom }: { session: SessionDetailView; inRoom: boolean }) {
  return (
    <section className="card" aria-label="Products in this stream">
      <h2>Products in this stream</h2>
      {session.products.length === 0 ? (
        <Empty>No products in this stream.</Empty>
      ) : (
        <div className="product-list">
          {session.products.map((product) => (
            <ProductItem
              key={product.id}
              sessionId={session.id}
              product={product}
              status={session.status}
              inRoom={inRoom}
              testId="session-product"
            />
          ))}
        </div>
      )}
    </section>
  );
}
