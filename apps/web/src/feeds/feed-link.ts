import { notificationLinkSchema } from '@showfloor/contracts/rest';

/**
 * The in-app page a notification or activity points to (`data.link`), or null. Checked with the
 * contract's rule, since a custom activity's data is free-form: only a path inside this app
 * becomes a link, never another origin.
 */
export function feedLink(data: Record<string, unknown>): string | null {
  const parsed = notificationLinkSchema.safeParse(data.link);
  return parsed.success ? parsed.data : null;
}
