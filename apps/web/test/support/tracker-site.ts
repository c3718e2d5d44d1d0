import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

const siteDir = fileURLToPath(new URL('./tracker-site/', import.meta.url));

/** The site's script: the real `@plausible-analytics/tracker` package, bundled by Vite as a site's own build would. */
async function bundleSiteScript(): Promise<string> {
  const output = (await build({
    configFile: false,
    root: siteDir,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: `${siteDir}site-entry.ts`, formats: ['es'], fileName: 'site' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const [first] = Array.isArray(output) ? output : [output];
  const chunk = first?.output.find((file): file is Rollup.OutputChunk => file.type === 'chunk');
  if (!chunk) throw new Error('vite built no script for the tracker site');
  return chunk.code;
}

function pageHtml(path: string, collector: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Shop ${path}</title>
    <meta name="collector" content="${collector}" />
    <script type="module" src="/site.js"></script>
  </head>
  <body>
    <h1>Page ${path}</h1>
    <nav>
      <a href="/pricing" data-spa>Pricing</a>
      <a href="/about">About us</a>
    </nav>
  </body>
</html>`;
}

/**
 * A tiny website on its own origin whose pages load Plausible's tracker pointed at `collector`
 * (the realtime service's `/api/event`). Every path answers the same page, as a single-page app's
 * server does for deep links.
 */
export async function startTrackerSite(collector: string): Promise<{ url: string; close(): Promise<void> }> {
  const script = await bundleSiteScript();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    if (path === '/site.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(path, collector));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the tracker site has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Chromium keeps idle connections open; they would hold close() until they time out.
        server.closeAllConnections();
      }),
  };
}
