import { type SnapshotTimeRange, snapshotTimeRangeSchema } from '@showfloor/contracts/rest';
import { useId } from 'react';
import { useSearchParams } from 'react-router';

const rangeNames: Record<SnapshotTimeRange, string> = {
  all: 'Whole stream',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** The snapshot range kept in the URL (`?timeRange=`), so a reload or a shared link shows the same minutes. */
export function useTimeRange(): [SnapshotTimeRange, (range: SnapshotTimeRange) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = snapshotTimeRangeSchema.safeParse(params.get('timeRange'));
  const range = parsed.success ? parsed.data : 'all';
  const choose = (next: SnapshotTimeRange) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === 'all') updated.delete('timeRange');
        else updated.set('timeRange', next);
        return updated;
      },
      { replace: true },
    );
  return [range, choose];
}

export function TimeRangeSelect({
  value,
  onChange,
  ended,
}: {
  value: SnapshotTimeRange;
  onChange: (range: SnapshotTimeRange) => void;
  ended: boolean;
}) {
  const id = useId();
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">Time range</span>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(snapshotTimeRangeSchema.parse(event.target.value))}
        aria-describedby={ended ? `${id}-hint` : undefined}
      >
        {snapshotTimeRangeSchema.options.map((range) => (
          <option key={range} value={range}>
            {rangeNames[range]}
          </option>
        ))}
      </select>
      {ended ? (
        <span className="field-hint" id={`${id}-hint`}>
          Counted back from the end of the stream
        </span>
      ) : null}
    </label>
  );
}
