/**
 * Every text value the index holds (sites, pages, referrers, countries, devices, browsers, OSes) as
 * a small number, so a column is a Uint32Array and a filter is a lookup table over the codes.
 * Code 0 is null (no referrer, an unknown country). Values are never forgotten: a site's distinct
 * values are few beside its events.
 */
export class ValueDictionary {
  private readonly codes = new Map<string, number>();
  private readonly values: (string | null)[] = [null];

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a value already held, or undefined (nothing in the index has it). */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }

  value(code: number): string | null {
    return this.values[code] ?? null;
  }

  get size(): number {
    return this.values.length;
  }

  /** A table over the codes: 1 where `matches(value)` holds. */
  table(matches: (value: string | null) => boolean): Uint8Array {
    const table = new Uint8Array(this.values.length);
    for (let code = 0; code < this.values.length; code++) table[code] = matches(this.values[code] ?? null) ? 1 : 0;
    return table;
  }
}
