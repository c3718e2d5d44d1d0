const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "just now", "5 min. ago", "3 hr. ago", "yesterday", up to a week; an older one by its date. */
export function timeAgo(time: Date, now: Date): string {
  const elapsed = Math.max(0, now.getTime() - time.getTime());
  if (elapsed < minute) return 'just now';
  if (elapsed < hour) return relative.format(-Math.floor(elapsed / minute), 'minute');
  if (elapsed < day) return relative.format(-Math.floor(elapsed / hour), 'hour');
  if (elapsed < 7 * day) return relative.format(-Math.floor(elapsed / day), 'day');
  return absolute.format(time);
}
