import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { acceptsHtml, cacheControlFor, isApiPath, webAppFileFor } from './web-app-files.ts';

export interface WebAppRouteOptions {
  /** The built web app: index.html and assets/. */
  distDir: string;
}

const indexFile = '/index.html';

/**
 * The web app at `/`, from WEB_DIST_DIR: its files as they are, and index.html for any other page
 * a browser navigates to (the app routes on the client: /sessions/abc is a page of it). An API
 * path, or a request that does not accept HTML, keeps the JSON 404.
 *
 * One catch-all route looks the file up on disk per request rather than a route per file found at
 * start-up, so a web app rebuilt while the API runs is served as built (new asset names included).
 */
export const webAppRoutes: FastifyPluginAsync<WebAppRouteOptions> = async (app, { distDir }) => {
  const root = resolve(distDir);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ webDistDir: root }, 'WEB_DIST_DIR has no index.html: the web app will answer 404 until it is built');
  }
  await app.register(fastifyStatic, {
    root,
    // Only `reply.sendFile`: the route below decides what is served.
    serve: false,
    // A missing directory is warned about above, in words that say what to do.
    suppressWarning: true,
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (reply, path) => {
      reply.header('cache-control', cacheControlFor(root, path));
    },
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    handler: async (request, reply) => {
      const pathname = request.url.split('?', 1)[0] ?? '/';
      if (isApiPath(pathname)) return reply.callNotFound();
      if (pathname === '/') return reply.sendFile(indexFile);
      const file = await webAppFileFor(root, pathname);
      if (file !== null) return reply.sendFile(file);
      if (acceptsHtml(request.headers.accept)) return reply.sendFile(indexFile);
      return reply.callNotFound();
    },
  });
};
