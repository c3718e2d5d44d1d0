import { gridColour } from './chart-palette.ts';

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * What every chart shares: it fills its `.chart` box (responsive, no fixed aspect ratio), the
 * tooltip shows every series at the hovered label, the y axis starts at zero.
 */
export function baseChartOptions(wholeNumbers: boolean, seriesCount: number) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: prefersReducedMotion() ? (false as const) : { duration: 250 },
    interaction: { mode: 'index' as const, intersect: false },
    plugins: {
      legend: { display: seriesCount > 1, position: 'bottom' as const, labels: { boxWidth: 12 } },
      tooltip: { enabled: true },
    },
    scales: {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } },
      y: { beginAtZero: true, grid: { color: gridColour }, ticks: wholeNumbers ? { precision: 0 } : {} },
    },
  };
}
