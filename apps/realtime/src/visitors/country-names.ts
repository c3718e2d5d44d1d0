const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Countries are English names ("India"), as in seed 002. An ISO code ("IN", "in") becomes its name;
 * anything else is taken as a name already, as the client wrote it.
 */
export function countryName(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    try {
      const name = regionNames.of(code);
      if (name && name !== code) return name.slice(0, 80);
    } catch {
      // Not a region code Intl knows: keep it as written.
    }
  }
  return trimmed.slice(0, 80);
}
