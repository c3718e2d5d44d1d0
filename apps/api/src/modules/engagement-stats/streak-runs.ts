/** Days with a watched or streamed session, as a streak counter sees them. */
export interface StreakRuns {
  current: number;
  longest: number;
  /** The first day of the current run; null when it is 0. */
  currentStart: string | null;
  lastActive: string | null;
}

const dayMs = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;

/**
 * Runs of consecutive calendar days in `activeDays` (distinct `YYYY-MM-DD`, ascending, already in
 * the user's zone). The current run is the one that ends today or yesterday: today is not over,
 * so a streak is not broken before a whole day has passed without activity. Days after `today`
 * (a clock ahead of ours) are left out.
 */
export function streakRuns(activeDays: readonly string[], today: string): StreakRuns {
  const todayNumber = dayNumber(today);
  let longest = 0;
  let runLength = 0;
  let runStart: string | null = null;
  let previous: number | null = null;
  let lastActive: string | null = null;
  for (const day of activeDays) {
    const number = dayNumber(day);
    if (number > todayNumber) break;
    if (previous !== null && number === previous) continue;
    if (previous !== null && number === previous + 1) {
      runLength += 1;
    } else {
      runLength = 1;
      runStart = day;
    }
    longest = Math.max(longest, runLength);
    previous = number;
    lastActive = day;
  }
  const alive = previous !== null && todayNumber - previous <= 1;
  return { current: alive ? runLength : 0, longest, currentStart: alive ? runStart : null, lastActive };
}
