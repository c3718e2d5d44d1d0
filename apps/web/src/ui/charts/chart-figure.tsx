import type { ReactNode } from 'react';
import { ChartDataTable } from './chart-data-table.tsx';
import type { ChartProps } from './chart-series.ts';

/**
 * A chart's frame: the canvas in the `.chart` box (hidden from assistive technology, which reads
 * the table instead) and the data table beside it. `data-chart` names it for tests and styles.
 */
export function ChartFigure({ chart, children }: { chart: ChartProps; children: ReactNode }) {
  return (
    <figure className="chart-figure" data-chart={chart.title} style={{ margin: 0, position: 'relative' }}>
      <div className="chart" aria-hidden="true">
        {children}
      </div>
      <ChartDataTable {...chart} />
    </figure>
  );
}
