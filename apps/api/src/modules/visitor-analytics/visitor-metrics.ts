import type { VisitorMetrics } from '@showfloor/contracts';
import type { MetricCounts } from './visitor-history.repository.ts';

/** Counts as the API answers them: bounce rate a share with four decimals, duration whole seconds. */
export function metricsOf(counts: MetricCounts): VisitorMetrics {
  return {
    visitors: counts.visitors,
    pageviews: counts.pageviews,
    sessions: counts.sessions,
    bounce_rate: counts.sessions === 0 ? 0 : Math.round((counts.bounces / counts.sessions) * 10_000) / 10_000,
    visit_duration: counts.sessions === 0 ? 0 : Math.round(counts.durationMs / counts.sessions / 1_000),
  };
}

const metricColumns = ['visitors', 'pageviews', 'sessions', 'bounce_rate', 'visit_duration'] as const;

/** RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs it as a formula. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header line, then one line per row: the label column first, then the metrics. */
export function metricsCsv(label: string, rows: { label: string | null; metrics: VisitorMetrics }[]): string {
  const header = [label, ...metricColumns].join(',');
  const lines = rows.map((row) =>
    [csvField(row.label), ...metricColumns.map((column) => csvField(row.metrics[column]))].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
