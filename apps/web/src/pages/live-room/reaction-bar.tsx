import { sendCommand } from '@showfloor/client';
import { defaultReactionTypes, type SessionStatus } from '@showfloor/contracts/rest';
import { useEffect, useState } from 'react';
import { useReactionCounts } from '../../live/use-reaction-counts.ts';
import { trackedFeatures } from '../../platform/feature-tracking.ts';
import { useTrackFeature } from '../../platform/feature-tracking-context.tsx';
import { useRealtime } from '../../platform/realtime-context.tsx';
import { reactionEmoji } from './reaction-emoji.ts';
import { refusalText } from './refusal-text.ts';

/** How long a refusal ("Too many reactions; slow down") stays under the buttons. */
const refusalMs = 4_000;

/**
 * One button per reaction type, each with the room's count for it. The counts are the room's
 * (`reaction-stats`), not this page's clicks, so every viewer sees the same numbers.
 */
export function ReactionBar({
  sessionId,
  status,
  inRoom,
}: {
  sessionId: string;
  status: SessionStatus;
  inRoom: boolean;
}) {
  const { socket } = useRealtime();
  const counts = useReactionCounts(sessionId);
  const track = useTrackFeature();
  const [refusal, setRefusal] = useState<string | null>(null);
  const reactions = counts.data?.reactions ?? {};
  // A deployment may count types beyond the defaults; their counts show too.
  const types = [...new Set([...defaultReactionTypes, ...Object.keys(reactions)])];
  const live = status === 'live';
  const canReact = live && inRoom && socket !== null;

  useEffect(() => {
    if (refusal === null) return;
    const timer = setTimeout(() => setRefusal(null), refusalMs);
    return () => clearTimeout(timer);
  }, [refusal]);

  function react(type: string) {
    if (!socket) return;
    sendCommand(socket, 'send-reaction', { sessionId, type }).then(
      () => {
        setRefusal(null);
        track(trackedFeatures.liveRoomReaction, { type });
      },
      (error: unknown) => setRefusal(refusalText(error)),
    );
  }

  return (
    <section className="card reaction-bar" aria-label="Reactions">
      <div className="reaction-buttons">
        {types.map((type) => (
          <button
            key={type}
            type="button"
            className="reaction-button"
            disabled={!canReact}
            onClick={() => react(type)}
            aria-label={`React with ${type}`}
            title={type}
          >
            <span className="reaction-emoji" aria-hidden="true">
              {reactionEmoji(type)}
            </span>
            <span className="reaction-count" data-testid={`reaction-count-${type}`}>
              {reactions[type] ?? 0}
            </span>
          </button>
        ))}
      </div>
      <p className="small muted reaction-total">
        <span data-testid="reaction-total">{counts.data?.total ?? 0}</span> reactions
        {status === 'paused' ? ' · reactions resume with the stream' : null}
        {live && !inRoom ? ' · reconnecting…' : null}
      </p>
      {refusal ? (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      ) : null}
    </section>
  );
}
