/** A product of a session as the order cares about it. */
export interface OrderedProduct {
  id: string;
  displayOrder: number;
}

export interface DisplayOrderChange {
  productId: string;
  displayOrder: number;
}

/**
 * The display orders to write so the product at `from` ends up at `to` in a list shown in display
 * order. Every product is numbered by its new position and only those whose number differs are
 * written: equal orders (the API breaks ties by when a product was added) become distinct, so one
 * move never depends on how the orders were set before. Nothing to write for a move out of range.
 */
export function displayOrderChanges(
  products: readonly OrderedProduct[],
  from: number,
  to: number,
): DisplayOrderChange[] {
  const inRange = (index: number) => Number.isInteger(index) && index >= 0 && index < products.length;
  if (from === to || !inRange(from) || !inRange(to)) return [];
  const reordered = [...products];
  const [moved] = reordered.splice(from, 1);
  if (!moved) return [];
  reordered.splice(to, 0, moved);
  return reordered.flatMap((product, index) =>
    product.displayOrder === index ? [] : [{ productId: product.id, displayOrder: index }],
  );
}
