// `pnpm dev`: the product as `pnpm start` runs it, minus the built web app, plus the web app's Vite
// dev server (http://localhost:5173, hot reload), which proxies the API's paths to :3000.
// Ctrl-C stops Vite, then the services and the database in order.
import { closeGracefully } from '@showfloor/server-kit';
import { createLauncherLogger, printBanner, repoRoot, runLauncher, startLocalStack } from './local-stack.ts';
import { startWebDevServer, type WebDevServer } from './web-app-tasks.ts';

const viteUrl = 'http://localhost:5173';
const logger = createLauncherLogger();

runLauncher(logger, async () => {
  const env = process.env;
  // Vite serves the page; a build served at :3000 as well would only be a stale copy of it.
  delete env.WEB_DIST_DIR;

  const stack = await startLocalStack(env, logger);
  let vite: WebDevServer | null = null;
  // Registered before Vite starts, so an early exit of Vite already stops everything in order.
  closeGracefully({ name: 'showfloor', logger }, async () => {
    await vite?.stop();
    await stack.close();
  });
  vite = startWebDevServer(repoRoot, logger, (code) => {
    // Without its dev server `pnpm dev` has nothing to offer: stop the rest the usual way.
    logger.error({ code }, 'the web dev server exited; stopping');
    process.kill(process.pid, 'SIGTERM');
  });
  printBanner(stack, {
    open: vite ? viteUrl : `http://localhost:${stack.apiPort}`,
    what: vite ? 'the web app, hot reloaded; the API stays on :3000' : 'the API only: apps/web is missing',
  });
});
