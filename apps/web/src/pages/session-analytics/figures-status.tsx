import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { isOnAir } from '@showfloor/contracts/rules';

/**
 * Says how far the figures can be trusted: live counters, stored ones standing in for them, final,
 * or final ones still on their way from the realtime service.
 */
export function FiguresStatus({ analytics }: { analytics: SessionAnalyticsView }) {
  const { status } = analytics.session;
  let text: string;
  let tone: string;
  if (isOnAir(status)) {
    text = analytics.isLive ? 'Live figures' : 'Live figures unavailable — showing the last stored ones';
    tone = analytics.isLive ? 'badge-live' : 'badge-paused';
  } else if (status === 'ended') {
    text = analytics.figuresFinal ? 'Final figures' : 'Final figures pending';
    tone = analytics.figuresFinal ? 'badge-ended' : 'badge-paused';
  } else {
    text = 'Not started yet';
    tone = '';
  }
  return (
    <span className={`badge ${tone}`} data-testid="figures-status" role="status">
      {text}
    </span>
  );
}

export function StatusBadge({ status }: { status: SessionAnalyticsView['session']['status'] }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
