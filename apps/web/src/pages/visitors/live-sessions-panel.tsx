import { Empty } from '../../ui/page-states.tsx';
import type { LiveSessionRow } from './live-visitors-state.ts';

/** Seconds as `1 h 02 min`, `3 min 05 s` or `12 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3_600)} h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')} min`;
}

/** Visits going on now: where each is, the pages it went through, and on what. */
export function LiveSessionsPanel({ sessions }: { sessions: LiveSessionRow[] }) {
  return (
    <section className="card stack" aria-labelledby="visitors-sessions-heading">
      <h2 id="visitors-sessions-heading">Live sessions</h2>
      {sessions.length === 0 ? (
        <Empty>Nobody is on the site right now.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="visitors-sessions" aria-labelledby="visitors-sessions-heading">
            <thead>
              <tr>
                <th scope="col">Journey</th>
                <th scope="col">Now on</th>
                <th scope="col">Device</th>
                <th scope="col">Browser</th>
                <th scope="col">Country</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.session_id} data-session={session.session_id}>
                  <td data-column="journey">
                    <ol className="visitors-journey" aria-label="Pages in order">
                      {session.journey.map((page, index) => (
                        // A journey may visit the same page twice: the position is part of the key.
                        // biome-ignore lint/suspicious/noArrayIndexKey: pages repeat; their order is the identity
                        <li key={`${index}-${page}`}>{page}</li>
                      ))}
                    </ol>
                  </td>
                  <td data-column="current-page">
                    <code>{session.current_page}</code>
                  </td>
                  <td data-column="device">{session.device ?? '—'}</td>
                  <td data-column="browser">{session.browser ?? '—'}</td>
                  <td data-column="country">{session.country ?? '—'}</td>
                  <td data-column="duration">{formatDuration(session.duration)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
