import { type VisitorDetailedStats, type VisitorLiveFilter, visitorLiveDeviceSchema } from '@showfloor/contracts/rest';
import { useId } from 'react';
import { Loading } from '../../ui/page-states.tsx';
import { topRows } from './live-visitors-state.ts';

function TopList({ title, counts, unit }: { title: string; counts: Record<string, number>; unit: string }) {
  const rows = topRows(counts);
  return (
    <div className="stack visitors-top-list">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">None yet today.</p>
      ) : (
        <table aria-label={title}>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td>
                  {row.count} <span className="muted small">{unit}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Today's top pages, countries and devices, re-read as traffic arrives; the device filter narrows
 * them to one kind of device (the seed's request_detailed_stats filter).
 */
export function LiveTopPanel({
  detailed,
  filter,
  onFilter,
}: {
  detailed: VisitorDetailedStats | null;
  filter: VisitorLiveFilter;
  onFilter: (filter: VisitorLiveFilter) => void;
}) {
  const id = useId();
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`} data-testid="visitors-top">
      <div className="row visitors-live-title">
        <h2 id={`${id}-heading`}>Top today</h2>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-device`}>
            Device
          </label>
          <select
            id={`${id}-device`}
            value={filter.device ?? ''}
            onChange={(event) => {
              const device = visitorLiveDeviceSchema.safeParse(event.target.value);
              onFilter({ ...filter, device: device.success ? device.data : undefined });
            }}
          >
            <option value="">All devices</option>
            {visitorLiveDeviceSchema.options.map((device) => (
              <option key={device} value={device}>
                {device}
              </option>
            ))}
          </select>
        </div>
      </div>
      {detailed === null ? (
        <Loading />
      ) : (
        <div className="grid visitors-top-grid">
          <TopList title="Top pages" counts={detailed.pages} unit="views" />
          <TopList title="Top countries" counts={detailed.countries} unit="visits" />
          <TopList title="Devices" counts={detailed.devices} unit="visits" />
          <TopList title="Browsers" counts={detailed.browsers} unit="visits" />
        </div>
      )}
    </section>
  );
}
