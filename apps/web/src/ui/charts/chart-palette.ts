/**
 * The house colours for chart series, in the order series take them. A canvas cannot read CSS
 * variables, so the first two repeat app.css's `--accent` and `--muted`; the rest are chosen to
 * stay apart from them (and from each other) for common colour-vision deficiencies.
 */
const seriesColours = ['#e11d48', '#2563eb', '#15803d', '#d97706', '#5d6370', '#7c3aed'] as const;

export function seriesColour(index: number): string {
  return seriesColours[index % seriesColours.length] as string;
}

/** The same colour, see-through, for fills under a line or inside a bar. */
export function seriesFill(index: number, alpha = 0.18): string {
  const hex = seriesColour(index);
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** Grid lines: app.css's `--line`. */
export const gridColour = '#e3e6eb';
