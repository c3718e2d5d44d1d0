import { describe, expect, it } from 'vitest';
import { displayOrderChanges } from './display-order.ts';

const products = (...orders: number[]) => orders.map((displayOrder, index) => ({ id: `p${index}`, displayOrder }));

describe('displayOrderChanges', () => {
  it('swaps two neighbours numbered by position with two writes', () => {
    expect(displayOrderChanges(products(0, 1, 2), 2, 1)).toEqual([
      { productId: 'p2', displayOrder: 1 },
      { productId: 'p1', displayOrder: 2 },
    ]);
  });

  it('renumbers tied orders, so the move holds whatever the tie-break was', () => {
    // p1 already holds 0, its new position: not written.
    expect(displayOrderChanges(products(0, 0, 0), 0, 1)).toEqual([
      { productId: 'p0', displayOrder: 1 },
      { productId: 'p2', displayOrder: 2 },
    ]);
  });

  it('numbers sparse orders by position', () => {
    expect(displayOrderChanges(products(3, 7, 9), 1, 0)).toEqual([
      { productId: 'p1', displayOrder: 0 },
      { productId: 'p0', displayOrder: 1 },
      { productId: 'p2', displayOrder: 2 },
    ]);
  });

  it('writes nothing for a move past either end or onto itself', () => {
    expect(displayOrderChanges(products(0, 1), 0, -1)).toEqual([]);
    expect(displayOrderChanges(products(0, 1), 1, 2)).toEqual([]);
    expect(displayOrderChanges(products(0, 1), 1, 1)).toEqual([]);
  });
});
