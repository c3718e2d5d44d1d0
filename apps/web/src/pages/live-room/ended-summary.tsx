import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sessionKeys } from '../../live/session-query.ts';
import { useClickStats } from '../../live/use-click-stats.ts';
import { useReactionCounts } from '../../live/use-reaction-counts.ts';
import { reactionEmoji } from './reaction-emoji.ts';

/**
 * While a node's final totals are still on their way, the figures are read again this often, for a
 * minute at most: a busy API or a retried delivery can take longer than a few seconds.
 */
const finalCheckMs = 1_500;
const finalChecks = 40;

/** "This stream has ended" and what it came to: viewers, reactions by type, product clicks. */
export function EndedSummary({ session }: { session: SessionDetailView }) {
  const queryClient = useQueryClient();
  const reactions = useReactionCounts(session.id);
  const clicks = useClickStats(session.id);
  const final = reactions.data?.figuresFinal === true && clicks.data?.figuresFinal === true;

  useEffect(() => {
    if (final) return;
    let checks = 0;
    const timer = setInterval(() => {
      checks += 1;
      if (checks > finalChecks) return clearInterval(timer);
      void queryClient.invalidateQueries({ queryKey: sessionKeys.reactions(session.id) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.clicks(session.id) });
    }, finalCheckMs);
    return () => clearInterval(timer);
  }, [final, queryClient, session.id]);

  const productClicks = clicks.data?.products.reduce((sum, product) => sum + product.totalClicks, 0);
  return (
    <section className="card ended-summary" data-testid="stream-ended" aria-label="Final figures">
      <h2>This stream has ended</h2>
      {session.endedAt ? (
        <p className="muted small">
          Ended {session.endedAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
          {final ? '' : ' · final figures are still coming in'}
        </p>
      ) : null}
      <div className="stats">
        <div className="stat">
          <span className="stat-value" data-testid="final-viewers">
            {clicks.data?.totalViewers ?? '—'}
          </span>
          <span className="stat-label">viewers</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="final-reactions">
            {reactions.data?.total ?? '—'}
          </span>
          <span className="stat-label">reactions</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="final-clicks">
            {productClicks ?? '—'}
          </span>
          <span className="stat-label">product clicks</span>
        </div>
      </div>
      {reactions.data && reactions.data.sortedReactions.length > 0 ? (
        <p className="row ended-reactions">
          {reactions.data.sortedReactions.map((reaction) => (
            <span key={reaction.type} className="tag">
              {reactionEmoji(reaction.type)} {reaction.count}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
