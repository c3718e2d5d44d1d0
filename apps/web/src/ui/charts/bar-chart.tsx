import { Bar } from 'react-chartjs-2';
import { ChartFigure } from './chart-figure.tsx';
import { baseChartOptions } from './chart-options.ts';
import { seriesColour, seriesFill } from './chart-palette.ts';
import { registerChartPieces } from './chart-registry.ts';
import type { ChartProps } from './chart-series.ts';

/** Counts per label (ranges, hours, days), one set of bars per series, in the house colours. */
export function BarChart(chart: ChartProps) {
  registerChartPieces();
  const { labels, series, wholeNumbers = true } = chart;
  const data = {
    labels: labels.map((label) => label.text),
    datasets: series.map((bars, index) => ({
      label: bars.label,
      data: [...bars.values],
      borderColor: seriesColour(index),
      backgroundColor: seriesFill(index, 0.7),
      borderWidth: 1,
      borderRadius: 3,
      maxBarThickness: 48,
    })),
  };
  return (
    <ChartFigure chart={chart}>
      <Bar data={data} options={baseChartOptions(wholeNumbers, series.length)} />
    </ChartFigure>
  );
}
