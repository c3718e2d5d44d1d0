/** Header that carries the shared internal key on every service-to-service request. */
export const internalKeyHeader = 'x-internal-key';

/** Paths of the API's internal surface (served on INTERNAL_PORT when set). */
export const apiInternalRoutes = {
  viewerSnapshots: '/internal/viewer-snapshots',
} as const;
