const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/**
 * Names by two-letter code, as looked up: Intl.DisplayNames costs microseconds a call, a collector
 * event names a country nearly every time, and there are at most 26 × 26 codes (a natural bound).
 */
const namesByCode = new Map<string, string>();

/**
 * Countries are English names ("India"), as in seed 002. An ISO code ("IN", "in") becomes its name;
 * anything else is taken as a name already, as the client wrote it.
 */
export function countryName(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^[A-Za-z]{2}$/.test(trimmed)) return nameOfCode(trimmed);
  return trimmed.slice(0, 80);
}

function nameOfCode(written: string): string {
  let name = namesByCode.get(written);
  if (name === undefined) {
    name = written;
    try {
      const known = regionNames.of(written.toUpperCase());
      if (known && known !== written.toUpperCase()) name = known.slice(0, 80);
    } catch {
      // Not a region code Intl knows: keep it as written.
    }
    namesByCode.set(written, name);
  }
  return name;
}
