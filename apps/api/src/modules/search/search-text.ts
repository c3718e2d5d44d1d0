/**
 * The ILIKE patterns for a search text: one per whitespace-separated word, so "retro gaming" finds
 * a session titled "Gaming night" tagged "retro". `\`, `%` and `_` are escaped (backslash is
 * ILIKE's default escape character), so a user's `50%` means the three characters, not a wildcard.
 */
export function containsPatterns(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => `%${word.replace(/[\\%_]/g, (special) => `\\${special}`)}%`);
}
