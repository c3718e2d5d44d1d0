/*
 * Typed arrays that grow by doubling: the index's columns hold millions of numbers outside the JS
 * heap (4 or 8 bytes each, no object per row, nothing for the collector to walk).
 */

type NumberArray = Uint32Array | Float64Array;

abstract class GrowableColumn<A extends NumberArray> {
  data: A;
  length = 0;

  constructor(capacity: number) {
    this.data = this.allocate(Math.max(16, capacity));
  }

  protected abstract allocate(capacity: number): A;

  push(value: number): number {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    return this.length++;
  }

  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const grown = this.allocate(capacity);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  /** Keeps the first `length` values (and the capacity: the column is about to refill). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

export class GrowableU32 extends GrowableColumn<Uint32Array> {
  protected allocate(capacity: number): Uint32Array {
    return new Uint32Array(capacity);
  }
}

export class GrowableF64 extends GrowableColumn<Float64Array> {
  protected allocate(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }
}
