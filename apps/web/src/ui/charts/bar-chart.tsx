import type { ActiveElement, ChartEvent } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { ChartFigure } from './chart-figure.tsx';
import { baseChartOptions } from './chart-options.ts';
import { seriesColour, seriesFill } from './chart-palette.ts';
import { registerChartPieces } from './chart-registry.ts';
import type { ChartProps } from './chart-series.ts';

export interface BarChartProps extends ChartProps {
  /**
   * Makes the bars choosable: called with the label's index when its column is clicked anywhere
   * (the bars of every series at that label, as the tooltip shows them). The canvas is not
   * reachable by keyboard, so a page offering this offers the same choice in a control too.
   */
  onSelect?: (index: number) => void;
  /** The chosen label's bars stay strong, the others fade. */
  selectedIndex?: number;
}

/** Counts per label (ranges, hours, days), one set of bars per series, in the house colours. */
export function BarChart(chart: BarChartProps) {
  registerChartPieces();
  const { labels, series, wholeNumbers = true, onSelect, selectedIndex } = chart;
  const chosen = selectedIndex !== undefined && selectedIndex >= 0;
  const data = {
    labels: labels.map((label) => label.text),
    datasets: series.map((bars, index) => ({
      label: bars.label,
      data: [...bars.values],
      borderColor: seriesColour(index),
      backgroundColor: chosen
        ? labels.map((_label, at) => seriesFill(index, at === selectedIndex ? 0.85 : 0.3))
        : seriesFill(index, 0.7),
      borderWidth: 1,
      borderRadius: 3,
      maxBarThickness: 48,
    })),
  };
  const base = baseChartOptions(wholeNumbers, series.length);
  const options = onSelect
    ? {
        ...base,
        // Chart.js hands these the elements the interaction mode finds: the whole column under the pointer.
        onClick: (_event: ChartEvent, elements: ActiveElement[]) => {
          const hit = elements[0];
          if (hit) onSelect(hit.index);
        },
        onHover: (event: ChartEvent, elements: ActiveElement[]) => {
          const canvas = event.native?.target;
          if (canvas instanceof HTMLElement) canvas.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
      }
    : base;
  return (
    <ChartFigure chart={chart}>
      <Bar data={data} options={options} />
    </ChartFigure>
  );
}
