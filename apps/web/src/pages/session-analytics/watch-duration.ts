/**
 * Whole seconds as the API's formatted durations read (`45s`, `7m 0s`, `1h 2m 3s`; zero is `0s`),
 * for the view history, whose entries carry seconds only. The same rule as the API's
 * `formatDuration`: it belongs in @showfloor/contracts/rules once both can move there.
 */
export function formatWatchDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours}h ${minutes}m ${rest}s`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}
