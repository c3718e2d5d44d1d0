import { sendCommand } from '@showfloor/client';
import type { SessionStatus } from '@showfloor/contracts/rest';
import { useId, useState } from 'react';
import { useRealtime } from '../../platform/realtime-context.tsx';
import { refusalText } from './refusal-text.ts';

export interface ShownProduct {
  id: string;
  name: string;
  description: string | null;
  price: number;
  imageUrl: string | null;
  featured?: boolean;
}

/** No currency is stored with a price, so it shows as the amount alone. */
export function priceText(price: number): string {
  return price.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

type ClickState = 'idle' | 'sending' | 'counted' | 'not-counted';

/**
 * A product that opens its details when clicked, and tells the room about the click
 * (`track-product-click`) while the stream is live: the creator's click stats and CTR count it.
 */
export function ProductItem({
  sessionId,
  product,
  status,
  inRoom,
  testId,
}: {
  sessionId: string;
  product: ShownProduct;
  status: SessionStatus;
  inRoom: boolean;
  testId: string;
}) {
  const { socket } = useRealtime();
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const [click, setClick] = useState<ClickState>('idle');
  const [refusal, setRefusal] = useState<string | null>(null);

  function toggle() {
    const opening = !open;
    setOpen(opening);
    if (!opening || status !== 'live' || !inRoom || !socket) return;
    setClick('sending');
    sendCommand(socket, 'track-product-click', { sessionId, productId: product.id }).then(
      () => {
        setClick('counted');
        setRefusal(null);
      },
      (error: unknown) => {
        setClick('not-counted');
        setRefusal(refusalText(error));
      },
    );
  }

  return (
    <article className={`product${open ? ' product-open' : ''}`} data-testid={testId} data-click={click}>
      <button type="button" className="product-summary" aria-expanded={open} aria-controls={detailsId} onClick={toggle}>
        <span className="product-name">{product.name}</span>
        {product.featured ? <span className="badge badge-featured">Featured</span> : null}
        <span className="product-price">{priceText(product.price)}</span>
      </button>
      {open ? (
        <div className="product-details" id={detailsId} data-testid="product-details">
          {product.imageUrl ? <img src={product.imageUrl} alt="" loading="lazy" className="product-image" /> : null}
          <p>{product.description ?? 'No description.'}</p>
        </div>
      ) : null}
      {refusal ? (
        <p className="form-error small" role="alert">
          {refusal}
        </p>
      ) : null}
    </article>
  );
}
