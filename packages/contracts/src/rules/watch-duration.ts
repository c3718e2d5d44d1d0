/**
 * A watch time as people read it: `45s`, `7m 0s`, `1h 2m 3s` (seed 003). Zero is `0s`; the seconds
 * are rounded to whole ones first, and anything negative (clock skew) reads as `0s`.
 */
export function formatDuration(totalSeconds: number): string {
  const whole = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  if (hours > 0) return `${hours}h ${minutes}m ${seconds}s`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
