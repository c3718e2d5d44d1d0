import type { ReceivedAlert } from './live-visitors-state.ts';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Spike alerts as they arrive (once per crossing of the threshold), newest first; said aloud by screen readers. */
export function LiveAlerts({ alerts }: { alerts: ReceivedAlert[] }) {
  return (
    <div
      className="stack visitors-alerts"
      role="log"
      aria-label="Alerts"
      aria-live="assertive"
      data-testid="visitor-alerts"
    >
      {alerts.map((alert) => (
        <div key={alert.id} className="banner banner-warning" data-level={alert.level}>
          <strong>{alert.message}</strong> {alert.details.visitors_last_minute} visitors in the last minute (alert above{' '}
          {alert.details.threshold}) ·{' '}
          <time dateTime={alert.receivedAt}>{clock.format(new Date(alert.receivedAt))}</time>
        </div>
      ))}
    </div>
  );
}
