import { BarElement, CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';

let registered = false;

/**
 * Registers only the Chart.js pieces our line and bar charts draw with, so the bundle carries
 * nothing else (react-chartjs-2's `Line` and `Bar` register their own controllers). Called by each
 * chart before it renders rather than at import, so importing this module does nothing by itself.
 */
export function registerChartPieces(): void {
  if (registered) return;
  Chart.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend);
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || 'system-ui, sans-serif';
  Chart.defaults.color = '#5d6370';
  registered = true;
}
