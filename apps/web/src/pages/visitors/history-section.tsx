import { type VisitorBreakdown, type VisitorTimeseries, visitorDimensionSchema } from '@showfloor/contracts/rest';
import { useId, useState } from 'react';
import { useApi } from '../../platform/web-client-context.tsx';
import { BarChart } from '../../ui/charts/bar-chart.tsx';
import type { ChartSeries } from '../../ui/charts/chart-series.ts';
import { LineChart } from '../../ui/charts/line-chart.tsx';
import { errorText } from '../../ui/error-text.ts';
import { QueryState } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import { dimensionNames, HistoryFilters } from './history-filters.tsx';
import { type HistoryControls, type HistoryRange, historyRanges, intervalsFor } from './history-query.ts';
import { formatDuration } from './live-sessions-panel.tsx';
import { downloadVisitorCsv, useVisitorBreakdown, useVisitorTimeseries } from './visitor-history-queries.ts';

const intervalNames = { minute: 'Per minute', hour: 'Per hour', day: 'Per day' } as const;
const intervalHeadings = { minute: 'Minute', hour: 'Hour', day: 'Day' } as const;

/** A bucket's wall-clock start (`YYYY-MM-DDTHH:MM:SS` in the query's zone) as an axis label. */
function bucketLabel(bucket: string, interval: HistoryControls['interval']) {
  const [day = '', time = ''] = bucket.split('T');
  return { text: interval === 'day' ? day : `${day} ${time.slice(0, 5)}`, dateTime: bucket };
}

function Totals({ series, compare }: { series: VisitorTimeseries; compare: boolean }) {
  const { totals, previous } = series;
  const was = (value: number | undefined) =>
    compare && previous && value !== undefined ? <span className="muted small"> (was {value})</span> : null;
  return (
    <StatList testId="visitors-history-totals">
      <StatFigure
        label="Visitors"
        value={
          <>
            {totals.visitors}
            {was(previous?.totals.visitors)}
          </>
        }
      />
      <StatFigure
        label="Pageviews"
        value={
          <>
            {totals.pageviews}
            {was(previous?.totals.pageviews)}
          </>
        }
      />
      <StatFigure
        label="Sessions"
        value={
          <>
            {totals.sessions}
            {was(previous?.totals.sessions)}
          </>
        }
      />
      <StatFigure label="Bounce rate" value={`${Math.round(totals.bounce_rate * 100)} %`} />
      <StatFigure label="Visit duration" value={formatDuration(totals.visit_duration)} />
    </StatList>
  );
}

function OverTime({ series, controls }: { series: VisitorTimeseries; controls: HistoryControls }) {
  const lines: ChartSeries[] = [
    { label: 'Visitors', values: series.buckets.map((bucket) => bucket.visitors) },
    { label: 'Pageviews', values: series.buckets.map((bucket) => bucket.pageviews) },
  ];
  if (controls.compare && series.previous) {
    // The previous range's buckets side by side with this one's, by position.
    lines.push({
      label: 'Visitors, previous period',
      values: series.previous.buckets.map((bucket) => bucket.visitors),
    });
  }
  return (
    <LineChart
      title="Visitors over time"
      labelHeading={intervalHeadings[series.interval]}
      labels={series.buckets.map((bucket) => bucketLabel(bucket.bucket, series.interval))}
      series={lines}
      wholeNumbers
    />
  );
}

function ByDimension({ breakdown, onPick }: { breakdown: VisitorBreakdown; onPick: (value: string) => void }) {
  const rows = breakdown.rows;
  if (rows.length === 0) return <p className="muted">No visits in this range.</p>;
  return (
    <BarChart
      title={`Visitors by ${dimensionNames[breakdown.dimension].toLowerCase()}`}
      labelHeading={dimensionNames[breakdown.dimension]}
      labels={rows.map((row) => ({ text: row.value ?? '(unknown)' }))}
      series={[
        { label: 'Visitors', values: rows.map((row) => row.visitors) },
        { label: 'Pageviews', values: rows.map((row) => row.pageviews) },
      ]}
      onSelect={(index) => {
        const value = rows[index]?.value;
        if (value) onPick(value);
      }}
    />
  );
}

/**
 * The history the API keeps: figures and a chart over the range, a breakdown by one dimension, the
 * filters both share, and the timeseries as CSV. Every control lives in the address bar.
 */
export function HistorySection({
  controls,
  onChange,
  onExported,
}: {
  controls: HistoryControls;
  onChange: (change: Partial<HistoryControls>) => void;
  onExported: () => void;
}) {
  const id = useId();
  const api = useApi();
  const series = useVisitorTimeseries(controls);
  const breakdown = useVisitorBreakdown(controls);
  const [csvError, setCsvError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const intervals = intervalsFor(controls.range);

  async function exportCsv() {
    setExporting(true);
    setCsvError(null);
    try {
      await downloadVisitorCsv(api, controls);
      onExported();
    } catch (error) {
      setCsvError(error);
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="stack" aria-labelledby={`${id}-heading`}>
      <div className="page-header">
        <h2 id={`${id}-heading`}>History</h2>
        <div className="stack" style={{ gap: '0.25rem', alignItems: 'flex-end' }}>
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? 'Preparing CSV…' : 'Download CSV'}
          </button>
          {csvError ? (
            <p className="form-error" role="alert">
              {errorText(csvError)}
            </p>
          ) : null}
        </div>
      </div>
      <div className="card stack">
        <div className="row visitors-history-controls">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-range`}>
              Range
            </label>
            <select
              id={`${id}-range`}
              value={controls.range}
              onChange={(event) => {
                const range = event.target.value as HistoryRange;
                const allowed = intervalsFor(range);
                onChange({ range, interval: allowed.includes(controls.interval) ? controls.interval : allowed.at(-1) });
              }}
            >
              {Object.entries(historyRanges).map(([range, { name }]) => (
                <option key={range} value={range}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-interval`}>
              Interval
            </label>
            <select
              id={`${id}-interval`}
              value={controls.interval}
              onChange={(event) => {
                const interval = intervals.find((choice) => choice === event.target.value);
                if (interval) onChange({ interval });
              }}
            >
              {intervals.map((interval) => (
                <option key={interval} value={interval}>
                  {intervalNames[interval]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-tz`}>
              Time zone
            </label>
            <select id={`${id}-tz`} value={controls.tz} onChange={(event) => onChange({ tz: event.target.value })}>
              {[...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', controls.tz])].sort().map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </div>
          <label className="choice">
            <input
              type="checkbox"
              checked={controls.compare}
              onChange={(event) => onChange({ compare: event.currentTarget.checked })}
            />
            <span>Compare to previous period</span>
          </label>
        </div>
        <HistoryFilters filters={controls.filters} onChange={(filters) => onChange({ filters })} />
      </div>
      <QueryState query={series}>
        {(data) => (
          <div className="card stack" style={{ opacity: series.isPlaceholderData ? 0.5 : 1 }}>
            <Totals series={data} compare={controls.compare} />
            <OverTime series={data} controls={controls} />
          </div>
        )}
      </QueryState>
      <div className="card stack">
        <div className="row visitors-live-title">
          <h3>Breakdown</h3>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-dimension`}>
              By
            </label>
            <select
              id={`${id}-dimension`}
              value={controls.dimension}
              onChange={(event) => {
                const dimension = visitorDimensionSchema.safeParse(event.target.value);
                if (dimension.success) onChange({ dimension: dimension.data });
              }}
            >
              {visitorDimensionSchema.options.map((dimension) => (
                <option key={dimension} value={dimension}>
                  {dimensionNames[dimension]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <QueryState query={breakdown}>
          {(data) => (
            <div style={{ opacity: breakdown.isPlaceholderData ? 0.5 : 1 }}>
              <ByDimension
                breakdown={data}
                onPick={(value) =>
                  onChange({ filters: [...controls.filters, { dimension: data.dimension, operator: 'is', value }] })
                }
              />
            </div>
          )}
        </QueryState>
        <p className="muted small">Click a value’s bars to keep only its visits.</p>
      </div>
    </section>
  );
}
