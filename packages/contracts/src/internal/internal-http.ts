/** Header that carries the shared internal key on every service-to-service request. */
export const internalKeyHeader = 'x-internal-key';

/** Paths of the API's internal surface (served on INTERNAL_PORT when set). */
export const apiInternalRoutes = {
  viewerSnapshots: '/internal/viewer-snapshots',
  sessionFacts: '/internal/sessions/:sessionId/facts',
  sessionViews: '/internal/session-views',
  sessionTotals: '/internal/session-totals',
  sessionAudience: '/internal/sessions/:sessionId/audience',
  productClickers: '/internal/product-clickers',
  chatMessages: '/internal/chat-messages',
  showcase: '/internal/showcase',
  visitorEvents: '/internal/visitor-events',
  dashboardActions: '/internal/dashboard-actions',
  sessionMilestones: '/internal/session-milestones',
  userSnapshot: '/internal/users/:userId/snapshot',
} as const;

/** Fills `:name` segments of an internal route. */
export function internalPath(route: string, params: Record<string, string>): string {
  return route.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}
