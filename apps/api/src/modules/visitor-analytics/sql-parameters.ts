/** Collects positional parameters for one SQL statement: `add(value)` returns its `$n`. */
export class SqlParameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
