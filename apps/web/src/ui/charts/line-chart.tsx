import type { TooltipItem } from 'chart.js';
import { Line } from 'react-chartjs-2';
import { ChartFigure } from './chart-figure.tsx';
import { baseChartOptions } from './chart-options.ts';
import { seriesColour, seriesFill } from './chart-palette.ts';
import { registerChartPieces } from './chart-registry.ts';
import type { ChartLabel, ChartProps } from './chart-series.ts';
import { timeFormatFor } from './chart-time-labels.ts';

/** Each label's time in ms when every label is a point in time (not a bare date), else null. */
function pointsInTime(labels: readonly ChartLabel[]): number[] | null {
  const times = labels.map((label) => (label.dateTime?.includes('T') ? Date.parse(label.dateTime) : Number.NaN));
  return times.length > 0 && times.every(Number.isFinite) ? times : null;
}

const minuteMs = 60_000;
const tickMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440, 2_880, 10_080];

/** A whole number of minutes between time ticks, so that about eight or fewer fit the span. */
function tickStepMs(spanMs: number): number {
  const minutes = tickMinutes.find((step) => spanMs / (step * minuteMs) <= 8) ?? tickMinutes.at(-1) ?? 1;
  return minutes * minuteMs;
}

/**
 * Series over an ordered axis, one line each, in the house colours. Points in time sit on a
 * linear time axis (no date adapter needed), so a gap in the minutes shows as a gap, not as the
 * next step.
 */
export function LineChart(chart: ChartProps) {
  registerChartPieces();
  const { labels, series, wholeNumbers = false } = chart;
  const times = pointsInTime(labels);
  // Dots only while they can be told apart; a long series reads as a line.
  const pointRadius = labels.length > 60 ? 0 : 2;
  const base = baseChartOptions(wholeNumbers, series.length);
  const [first, last] = [times?.[0] ?? 0, times?.at(-1) ?? 0];
  const timeFormat = times ? timeFormatFor(first, last) : null;
  const step = tickStepMs(last - first);
  const data = {
    labels: labels.map((label) => label.text),
    datasets: series.map((line, index) => ({
      label: line.label,
      data: times ? line.values.map((y, at) => ({ x: times[at] ?? 0, y })) : [...line.values],
      borderColor: seriesColour(index),
      backgroundColor: seriesFill(index),
      borderWidth: 2,
      pointRadius,
      pointHoverRadius: 4,
      // Straight segments: a smoothed curve would overshoot between minutes far apart and show
      // values nobody counted.
      tension: 0,
    })),
  };
  const options = {
    ...base,
    scales: {
      ...base.scales,
      x: timeFormat
        ? {
            type: 'linear' as const,
            // From the tick before the first minute to the tick after the last, ticks on whole minutes.
            min: Math.floor(first / step) * step,
            max: Math.max(Math.ceil(last / step) * step, Math.floor(first / step) * step + step),
            grid: { display: false },
            ticks: {
              stepSize: step,
              maxRotation: 0,
              autoSkip: true,
              callback: (value: string | number) => timeFormat.format(Number(value)),
            },
          }
        : base.scales.x,
    },
    plugins: {
      ...base.plugins,
      tooltip: {
        ...base.plugins.tooltip,
        callbacks: {
          title: (items: TooltipItem<'line'>[]) => labels[items[0]?.dataIndex ?? 0]?.text ?? '',
        },
      },
    },
  };
  return (
    <ChartFigure chart={chart}>
      <Line data={data} options={options} />
    </ChartFigure>
  );
}
