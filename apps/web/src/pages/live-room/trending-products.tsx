import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useClickStats } from '../../live/use-click-stats.ts';
import { useTrendingProducts } from '../../live/use-trending-products.ts';

const shownCount = 5;

/**
 * The room's most clicked products: as the realtime service last ranked them, and until its first
 * ranking arrives, the click stats read on opening the room (already ordered the same way).
 */
export function TrendingProducts({ session }: { session: SessionDetailView }) {
  const ranked = useTrendingProducts(session.id);
  const clicks = useClickStats(session.id);
  const trending = ranked.length > 0 ? ranked : (clicks.data?.products ?? []).slice(0, shownCount);
  const names = new Map(session.products.map((product) => [product.id, product.name]));
  const shown = trending.filter((entry) => names.has(entry.productId) && entry.totalClicks > 0);
  return (
    <section className="card" aria-label="Trending products" data-testid="trending-products">
      <h2>
        <span aria-hidden="true">🔥 </span>Trending here
      </h2>
      {shown.length === 0 ? (
        <p className="muted small">Products viewers open most show up here.</p>
      ) : (
        <ol className="trending-products">
          {shown.map((entry) => (
            <li key={entry.productId}>
              <span>{names.get(entry.productId)}</span>
              <span className="muted small">
                {entry.uniqueClicks} {entry.uniqueClicks === 1 ? 'viewer' : 'viewers'} · {entry.clickThroughRate}% CTR
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
