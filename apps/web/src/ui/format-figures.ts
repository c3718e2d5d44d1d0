/** A price as the catalog shows it: two decimals, grouped, no currency (products carry none). */
export function formatPrice(price: number): string {
  return price.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A click-through rate (already a percentage, one decimal). */
export function formatRate(percent: number): string {
  return `${percent.toFixed(1)} %`;
}
