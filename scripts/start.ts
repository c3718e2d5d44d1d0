// `pnpm start`: the whole product on one machine with no configuration — the web app at
// http://localhost:3000, served by the API (built first when its build is missing or stale), the
// API under /api, the realtime service, and an embedded PostgreSQL unless DATABASE_URL is set.
// Ctrl-C stops everything in order.
import { closeGracefully } from '@showfloor/server-kit';
import { createLauncherLogger, printBanner, repoRoot, runLauncher, startLocalStack } from './local-stack.ts';
import { buildWebAppIfStale, webAppPaths } from './web-app-tasks.ts';

const logger = createLauncherLogger();

runLauncher(logger, async () => {
  const env = process.env;
  // A WEB_DIST_DIR of one's own is served as it is; the repository's web app is kept built. With no
  // apps/web at all (it lands with another branch) the API serves none.
  const hasWebApp = env.WEB_DIST_DIR ? true : await buildWebAppIfStale(repoRoot, logger);
  if (hasWebApp) env.WEB_DIST_DIR ||= webAppPaths(repoRoot).dist;

  const stack = await startLocalStack(env, logger);
  printBanner(stack, {
    open: `http://localhost:${stack.apiPort}`,
    what: 'the web app; the API is under /api on the same address',
    onNetwork: true,
    notes: hasWebApp ? [] : ['no web app yet (apps/web is missing): only the API answers there'],
  });
  closeGracefully({ name: 'showfloor', logger }, () => stack.close());
});
