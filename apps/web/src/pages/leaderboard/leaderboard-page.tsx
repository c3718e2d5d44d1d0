import {
  type LeaderboardEntry,
  type LeaderboardPeriod,
  type LeaderboardRole,
  leaderboardPeriodSchema,
  leaderboardRoleSchema,
} from '@showfloor/contracts/rest';
import { useSearchParams } from 'react-router';
import { OffsetPager } from '../../ui/offset-pager.tsx';
import { Empty, QueryState } from '../../ui/page-states.tsx';
import { leaderboardPageSize, useLeaderboard } from './leaderboard-queries.ts';

const periodNames: Record<LeaderboardPeriod, string> = { week: 'This week', month: 'This month', all: 'All time' };
const roleNames: Record<LeaderboardRole, string> = { viewers: 'Viewers', creators: 'Creators' };
const hours = (value: number) => `${value.toLocaleString(undefined, { maximumFractionDigits: 2 })} h`;
const nameOf = (entry: LeaderboardEntry) => entry.name ?? entry.username ?? 'Someone';

/**
 * Viewers by hours watched, creators by hours watched of their streams. The role, period and page
 * live in the URL, so a board can be shared; the caller's own place shows below it, on the page or not.
 */
export function Component() {
  const [params, setParams] = useSearchParams();
  const role = leaderboardRoleSchema.catch('viewers').parse(params.get('role') ?? undefined);
  const period = leaderboardPeriodSchema.catch('week').parse(params.get('period') ?? undefined);
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
  const board = useLeaderboard(role, period, offset);
  const choose = (next: Record<string, string>) => setParams({ role, period, offset: '0', ...next });

  return (
    <main className="page stack">
      <header className="page-header">
        <h1>Leaderboard</h1>
      </header>
      <div className="row">
        <label>
          Who{' '}
          <select value={role} onChange={(event) => choose({ role: event.target.value })}>
            {leaderboardRoleSchema.options.map((option) => (
              <option key={option} value={option}>
                {roleNames[option]}
              </option>
            ))}
          </select>
        </label>
        <label>
          When{' '}
          <select value={period} onChange={(event) => choose({ period: event.target.value })}>
            {leaderboardPeriodSchema.options.map((option) => (
              <option key={option} value={option}>
                {periodNames[option]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState query={board}>
        {({ data, meta }) => (
          <section className="card stack" aria-labelledby="board-heading">
            <h2 id="board-heading">
              {roleNames[role]}, {periodNames[period].toLowerCase()}
            </h2>
            {data.entries.length === 0 ? (
              <Empty>Nobody has watched anything in this period yet.</Empty>
            ) : (
              <div className="table-scroll">
                <table data-testid="leaderboard">
                  <thead>
                    <tr>
                      <th scope="col">Rank</th>
                      <th scope="col">Name</th>
                      <th scope="col">{role === 'viewers' ? 'Hours watched' : 'Hours watched of their streams'}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.entries.map((entry) => (
                      <tr key={entry.userId} className={entry.userId === data.me?.userId ? 'row-highlight' : undefined}>
                        <td>{entry.rank}</td>
                        <th scope="row">{nameOf(entry)}</th>
                        <td>{hours(entry.hours)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <OffsetPager
              label="Leaderboard pages"
              offset={offset}
              pageSize={leaderboardPageSize}
              shown={data.entries.length}
              total={meta.total}
              hasMore={meta.hasMore}
              onOffset={(next) => choose({ offset: String(next) })}
            />
            <p className="muted small" data-testid="my-place">
              {data.me
                ? `You: rank ${data.me.rank}, ${hours(data.me.hours)}`
                : 'You are not on this board yet (sign in and watch a stream to join it).'}
            </p>
            <p className="muted small">
              Equal hours share a rank, listed by name. Weeks start on Monday and months on the 1st, in UTC.
            </p>
          </section>
        )}
      </QueryState>
    </main>
  );
}
