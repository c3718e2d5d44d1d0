import type { PublicSessionView } from '@showfloor/contracts/rest';
import { isOnAir } from '@showfloor/contracts/rules';
import { Link } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { useClickStats } from '../../live/use-click-stats.ts';

const statusLabel: Record<PublicSessionView['status'], string> = {
  live: 'Live',
  paused: 'Paused',
  scheduled: 'Upcoming',
  ended: 'Ended',
};

/**
 * How many have watched so far. No public REST answer carries the number watching right now (only
 * the room's socket does, and joining a room to read it would count this page as a viewer), so the
 * card shows the cheapest honest figure: conversion-stats' `totalViewers`, the distinct viewers
 * since the stream went live, read live from the realtime service.
 */
function ViewersSoFar({ sessionId }: { sessionId: string }) {
  const stats = useClickStats(sessionId);
  if (stats.data === undefined) return null;
  const viewers = stats.data.totalViewers;
  return (
    <span
      className="session-card-viewers"
      data-testid="viewers-so-far"
      title="Distinct viewers since the stream went live"
    >
      <span aria-hidden="true">👁 </span>
      {viewers} {viewers === 1 ? 'viewer' : 'viewers'} so far
    </span>
  );
}

function when(session: PublicSessionView): string {
  const at = session.startedAt ?? session.createdAt;
  const label = session.status === 'scheduled' ? 'Planned' : session.status === 'ended' ? 'Aired' : 'Since';
  return `${label} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** One session in a list: what it is, whether it is on air, and a link into its room. */
export function SessionCard({ session }: { session: PublicSessionView }) {
  return (
    <Link to={paths.liveRoom(session.id)} className="card card-link session-card" data-testid="session-card">
      <span className="row">
        <span className={`badge badge-${session.status}`}>{statusLabel[session.status]}</span>
        {session.category ? <span className="muted small">{session.category}</span> : null}
      </span>
      <strong className="session-card-title">{session.title}</strong>
      {session.description ? <span className="session-card-description muted small">{session.description}</span> : null}
      <span className="row small muted">
        <span>{when(session)}</span>
        {isOnAir(session.status) ? <ViewersSoFar sessionId={session.id} /> : null}
      </span>
      {session.tags.length > 0 ? (
        <span className="row session-card-tags">
          {session.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
        </span>
      ) : null}
    </Link>
  );
}
