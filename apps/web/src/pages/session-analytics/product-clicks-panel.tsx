import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { Empty, QueryState } from '../../ui/page-states.tsx';
import { useProductClicks } from './session-analytics-queries.ts';

interface ProductRow {
  productId: string;
  name: string;
  featured: boolean;
  uniqueClicks: number;
  totalClicks: number;
  clickThroughRate: number;
}

/**
 * The session's products with their clicks and click-through rates: every product in display
 * order (unclicked ones at zero), then any clicked product since removed from the session.
 */
export function ProductClicksPanel({ sessionId, analytics }: { sessionId: string; analytics: SessionAnalyticsView }) {
  const clicks = useProductClicks(sessionId, analytics);
  return (
    <section className="card stack" aria-labelledby="products-heading">
      <h2 id="products-heading">Products</h2>
      <QueryState query={clicks}>
        {(stats) => {
          const byProduct = new Map(stats.products.map((product) => [product.productId, product]));
          // Stored stats carry the product's name; live ones only its id.
          const storedNames = new Map(
            stats.isLive ? [] : stats.products.map((product) => [product.productId, product.productName]),
          );
          const listed = new Set(analytics.products.list.map((product) => product.productId));
          const rows: ProductRow[] = [
            ...analytics.products.list.map((product) => ({
              productId: product.productId,
              name: product.name,
              featured: product.featured,
              uniqueClicks: byProduct.get(product.productId)?.uniqueClicks ?? 0,
              totalClicks: byProduct.get(product.productId)?.totalClicks ?? 0,
              clickThroughRate: byProduct.get(product.productId)?.clickThroughRate ?? 0,
            })),
            ...stats.products
              .filter((product) => !listed.has(product.productId))
              .map(({ productId, uniqueClicks, totalClicks, clickThroughRate }) => ({
                productId,
                uniqueClicks,
                totalClicks,
                clickThroughRate,
                name: storedNames.get(productId) ?? 'A product no longer in this session',
                featured: false,
              })),
          ];
          if (rows.length === 0) return <Empty>This session has no products.</Empty>;
          return (
            <>
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col">Unique clicks</th>
                      <th scope="col">Clicks</th>
                      <th scope="col">CTR</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.productId}>
                        <th scope="row">
                          {row.name} {row.featured ? <span className="badge">featured</span> : null}
                        </th>
                        <td>{row.uniqueClicks}</td>
                        <td>{row.totalClicks}</td>
                        <td>{row.clickThroughRate}%</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted small">
                Click-through rate: viewers who clicked a product, out of the {stats.totalViewers} who watched.
              </p>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
