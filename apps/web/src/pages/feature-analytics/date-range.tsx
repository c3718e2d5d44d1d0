import type { FeatureAnalytics } from '@showfloor/contracts/rest';
import { calendarLabel } from '../../ui/charts/chart-time-labels.ts';

type Range = FeatureAnalytics['summary']['date_range'];

/** Both days inclusive, as calendar days (never shifted to the reader's zone), and the zone they are counted in. */
export function DateRange({ range }: { range: Range }) {
  return (
    <>
      <time dateTime={range.start}>{calendarLabel(range.start).text}</time> –{' '}
      <time dateTime={range.end}>{calendarLabel(range.end).text}</time> ({range.time_zone})
    </>
  );
}
