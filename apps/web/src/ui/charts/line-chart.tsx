import { Line } from 'react-chartjs-2';
import { ChartFigure } from './chart-figure.tsx';
import { baseChartOptions } from './chart-options.ts';
import { seriesColour, seriesFill } from './chart-palette.ts';
import { registerChartPieces } from './chart-registry.ts';
import type { ChartProps } from './chart-series.ts';

/** Series over an ordered axis (minutes, days), one line each, in the house colours. */
export function LineChart(chart: ChartProps) {
  registerChartPieces();
  const { labels, series, wholeNumbers = false } = chart;
  // Dots only while they can be told apart; a long series reads as a line.
  const pointRadius = labels.length > 60 ? 0 : 2;
  const data = {
    labels: labels.map((label) => label.text),
    datasets: series.map((line, index) => ({
      label: line.label,
      data: [...line.values],
      borderColor: seriesColour(index),
      backgroundColor: seriesFill(index),
      borderWidth: 2,
      pointRadius,
      pointHoverRadius: 4,
      tension: 0.2,
    })),
  };
  return (
    <ChartFigure chart={chart}>
      <Line data={data} options={baseChartOptions(wholeNumbers, series.length)} />
    </ChartFigure>
  );
}
