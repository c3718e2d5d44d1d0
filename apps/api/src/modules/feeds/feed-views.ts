import type { ActivityView, NotificationView } from '@showfloor/contracts';
import type { ActivityRecord } from './activities.repository.ts';
import type { NotificationRecord } from './notifications.repository.ts';

// `data` is stored as JSON from a validated object, so it is an object when read back.
const asObject = (data: unknown) => (data ?? {}) as Record<string, unknown>;

export function toActivityView(record: ActivityRecord): ActivityView {
  return { ...record, data: asObject(record.data) };
}

export function toNotificationView(record: NotificationRecord): NotificationView {
  return { ...record, data: asObject(record.data) };
}

/** The socket events carry timestamps as ISO text. */
export function activityOnTheWire(view: ActivityView) {
  return { ...view, readAt: view.readAt?.toISOString() ?? null, createdAt: view.createdAt.toISOString() };
}

export function notificationOnTheWire(view: NotificationView) {
  return {
    ...view,
    readAt: view.readAt?.toISOString() ?? null,
    expiresAt: view.expiresAt?.toISOString() ?? null,
    createdAt: view.createdAt.toISOString(),
  };
}
