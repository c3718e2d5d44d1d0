import { ApiError } from '@showfloor/client';
import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useApi } from '../../platform/web-client-context.tsx';
import { ActionError } from './action-error.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { useSessionAction } from './use-session-action.ts';

const statusText: Record<SessionDetailView['status'], string> = {
  scheduled: 'Scheduled — not on air yet',
  live: 'Live — viewers are watching',
  paused: 'Paused — viewers stay in the room',
  ended: 'Ended',
};

export function StatusBadge({ status }: { status: SessionDetailView['status'] }) {
  return (
    <span className={`badge badge-${status}`} data-testid="session-status">
      {status}
    </span>
  );
}

/** Go live, pause, resume and end: the lifecycle buttons the session's status allows. */
export function StreamControls({ session }: { session: SessionDetailView }) {
  const api = useApi();
  const params = { sessionId: session.id };

  const start = useSessionAction(
    session.id,
    async () => {
      try {
        await api.sessions.startStream({ params });
        return null;
      } catch (error) {
        // Without Agora credentials the session still goes live (viewers are told); the 503 only
        // says no video token could be issued, which is worth saying but is not a failure to start.
        if (error instanceof ApiError && error.status === 503) return error.message;
        throw error;
      }
    },
    { reread: 'everything' },
  );
  const changeStatus = useSessionAction(
    session.id,
    (status: 'live' | 'paused') => api.sessions.changeStatus({ params, body: { status } }),
    { reread: 'everything' },
  );
  const end = useSessionAction(session.id, () => api.sessions.endStream({ params }), { reread: 'everything' });

  const actions = [start, changeStatus, end];
  const busy = actions.some((action) => action.isPending);
  // Only the latest action's refusal is shown: an older one no longer describes the session.
  const forgetEarlierErrors = () => {
    for (const action of actions) action.reset();
  };
  const error = start.error ?? changeStatus.error ?? end.error;
  const videoNotice = session.status !== 'ended' ? start.data : null;

  return (
    <div className="stack console-stream">
      <p className="row">
        <StatusBadge status={session.status} /> <span>{statusText[session.status]}</span>
      </p>
      <div className="row">
        {session.status === 'scheduled' ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => {
              forgetEarlierErrors();
              start.mutate();
            }}
          >
            {start.isPending ? 'Going live…' : 'Go live'}
          </button>
        ) : null}
        {session.status === 'live' ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              forgetEarlierErrors();
              changeStatus.mutate('paused');
            }}
          >
            Pause stream
          </button>
        ) : null}
        {session.status === 'paused' ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => {
              forgetEarlierErrors();
              changeStatus.mutate('live');
            }}
          >
            Resume stream
          </button>
        ) : null}
        {session.status === 'live' || session.status === 'paused' ? (
          <ConfirmButton
            label={end.isPending ? 'Ending…' : 'End stream'}
            question="End the stream for everyone? It cannot be restarted."
            confirmLabel="Yes, end the stream"
            disabled={busy}
            small={false}
            onConfirm={() => {
              forgetEarlierErrors();
              end.mutate();
            }}
          />
        ) : null}
      </div>
      {videoNotice ? (
        <p className="muted small" role="status">
          No video for this stream: {videoNotice}
        </p>
      ) : null}
      <ActionError error={error} />
    </div>
  );
}
