const write = (line = '') => process.stdout.write(`${line}\n`);

/** One measured request type: its label and each request's milliseconds. */
export interface LatencyRow {
  label: string;
  samples: number[];
}

/** The nearest-rank percentile of milliseconds already sorted ascending. */
export function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.max(0, Math.ceil(fraction * sortedMs.length) - 1)] ?? Number.NaN;
}

/** A markdown table of n, p50, p95 and max per row, as the README quotes them. */
export function printLatencyTable(title: string, rows: LatencyRow[], firstColumn = 'request'): void {
  write(title);
  write(`| ${firstColumn} | n | p50 ms | p95 ms | max ms |`);
  write('|:--|--:|--:|--:|--:|');
  for (const row of rows) {
    const sorted = [...row.samples].sort((a, b) => a - b);
    write(
      `| ${row.label} | ${sorted.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} |`,
    );
  }
  write();
}
