import type { CSSProperties } from 'react';
import type { ChartProps } from './chart-series.ts';

/** Hidden from sight, not from screen readers (nor from tests reading the accessibility tree). */
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * The chart's data as a table beside its canvas: the accessible version of the picture, and what a
 * test reads to check the chart shows the right numbers (a canvas cannot be read back).
 */
export function ChartDataTable({ title, labelHeading, labels, series }: ChartProps) {
  return (
    <table style={visuallyHidden}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeading}</th>
          {series.map((line) => (
            <th scope="col" key={line.label}>
              {line.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, index) => (
          <tr key={label.dateTime ?? `${label.text}-${index}`}>
            <th scope="row">{label.dateTime ? <time dateTime={label.dateTime}>{label.text}</time> : label.text}</th>
            {series.map((line) => (
              <td key={line.label}>{line.values[index] ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
