import { createInternalKeyGuard, type HttpServer } from '@showfloor/server-kit';
import { viewerSnapshotInternalRoutes } from '../../modules/viewer-snapshots/viewer-snapshots.internal-routes.ts';
import type { Services } from '../../services.ts';

/**
 * Routes only the realtime service may call. Everything here is encapsulated behind the internal
 * key guard, which runs before the body is parsed so an unauthenticated caller costs nothing.
 */
export async function registerInternalSurface(app: HttpServer, internalApiKey: string, services: Services) {
  await app.register(async (internal) => {
    internal.addHook('onRequest', createInternalKeyGuard(internalApiKey));
    await internal.register(viewerSnapshotInternalRoutes, { service: services.viewerSnapshots });
  });
}
