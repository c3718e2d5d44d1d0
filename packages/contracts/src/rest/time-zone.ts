import { textSchema } from './text.ts';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone (`Asia/Tokyo`, `UTC`): the calendar days and weeks a chart or a streak counts in. */
export const timeZoneSchema = textSchema()
  .max(64)
  // Names only: an offset such as `+05:30` means the opposite in POSIX (PostgreSQL) and ISO (Intl).
  .regex(
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/,
    'must be an IANA time zone name such as UTC, Europe/Paris or Asia/Tokyo',
  )
  .refine(isTimeZone, 'must be an IANA time zone such as UTC, Europe/Paris or Asia/Tokyo');
