import { lazy, Suspense } from 'react';
import type { BarChartProps } from './bar-chart.tsx';

const BarChart = lazy(() => import('./bar-chart.tsx').then((module) => ({ default: module.BarChart })));

/**
 * A bar chart whose Chart.js code loads on its own, after the page: for pages where a chart is
 * one panel among others, so opening them does not wait for the chart library. The box keeps its
 * height meanwhile, so nothing jumps when the chart arrives.
 */
export function DeferredBarChart(chart: BarChartProps) {
  return (
    <Suspense
      fallback={
        <div className="chart state state-loading" role="status">
          Loading the chart…
        </div>
      }
    >
      <BarChart {...chart} />
    </Suspense>
  );
}
