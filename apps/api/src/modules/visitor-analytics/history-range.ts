import { ValidationError, type VisitorInterval, visitorRangeMaxHours } from '@showfloor/contracts';

/** A read's instants: [from, to). */
export interface HistoryRange {
  from: Date;
  to: Date;
}

const hourMs = 3_600_000;
/** Without `from`: the last 24 hours. */
export const defaultRangeHours = 24;

/** The range a query asks for, within the bound of its interval (breakdowns: the day interval's). */
export function resolveHistoryRange(
  query: { from?: string | undefined; to?: string | undefined },
  interval: VisitorInterval,
  now: Date,
): HistoryRange {
  const to = query.to === undefined ? now : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - defaultRangeHours * hourMs) : new Date(query.from);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError('from must be before to', [
      { field: 'from', message: `must be before to (${to.toISOString()})` },
    ]);
  }
  const maxHours = visitorRangeMaxHours[interval];
  if (to.getTime() - from.getTime() > maxHours * hourMs) {
    throw new ValidationError(`from is too far before to: a ${interval} range is at most ${maxHours} hours`, [
      { field: 'from', message: `must be at most ${maxHours} hours before to with interval=${interval}` },
    ]);
  }
  return { from, to };
}

/** The range of equal length that ends where `range` starts. */
export function previousHistoryRange(range: HistoryRange): HistoryRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}
