import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useApi } from '../../platform/web-client-context.tsx';
import { ActionError } from './action-error.tsx';
import { useSessionAction } from './use-session-action.ts';

/**
 * Seed 000's per-session "Analytics Toggle": while it is off the API stores no minute viewer
 * snapshots for the session (live counts, reactions and clicks go on as before).
 */
export function AnalyticsToggle({ session }: { session: SessionDetailView }) {
  const api = useApi();
  const toggle = useSessionAction(session.id, (enableViewerAnalytics: boolean) =>
    api.sessions.update({ params: { sessionId: session.id }, body: { enableViewerAnalytics } }),
  );
  // While the change is on its way the box shows what was asked; the re-read then shows what holds.
  const checked = toggle.isPending ? toggle.variables : session.enableViewerAnalytics;
  return (
    <div className="stack console-toggle">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={toggle.isPending}
          onChange={(event) => toggle.mutate(event.currentTarget.checked)}
        />
        <span>Viewer analytics</span>
      </label>
      <p className="muted small">
        {session.enableViewerAnalytics
          ? 'On: the viewer count is stored minute by minute for the session analytics.'
          : 'Off: no viewer snapshots are stored for this session. Snapshots already stored stay.'}
      </p>
      <ActionError error={toggle.error} />
    </div>
  );
}
