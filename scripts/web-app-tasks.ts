// The web app (apps/web) as the launchers need it: built when its build is missing or older than
// its sources (`pnpm start`), or its Vite dev server run beside the services (`pnpm dev`).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@showfloor/server-kit';

const webPackage = '@showfloor/web';

export interface WebAppPaths {
  /** apps/web */
  dir: string;
  /** apps/web/dist */
  dist: string;
}

export function webAppPaths(repoRoot: string): WebAppPaths {
  const dir = resolve(repoRoot, 'apps/web');
  return { dir, dist: join(dir, 'dist') };
}

/** The newest modification time among `paths` (files, or directories searched through), 0 if none exist. */
function newestModification(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isFile()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Why the build must be (re)made, or null when dist/index.html is newer than every source. */
export function staleBuildReason(paths: WebAppPaths): string | null {
  const builtIndex = join(paths.dist, 'index.html');
  if (!existsSync(builtIndex)) return 'apps/web/dist/index.html is missing';
  const sources = [join(paths.dir, 'src'), join(paths.dir, 'index.html'), join(paths.dir, 'vite.config.ts')];
  return newestModification(sources) > statSync(builtIndex).mtimeMs ? 'a source is newer than the build' : null;
}

const onWindows = process.platform === 'win32';

function runPnpm(args: string[], cwd: string, options: { ownProcessGroup?: boolean } = {}): ChildProcess {
  const ownGroup = options.ownProcessGroup === true && !onWindows;
  // Its output is the developer's to read: Vite's errors and URLs go straight to the terminal. A
  // process in its own group must not read the terminal (it would be stopped by SIGTTIN).
  return spawn('pnpm', args, {
    cwd,
    stdio: ownGroup ? ['ignore', 'inherit', 'inherit'] : 'inherit',
    detached: ownGroup,
    shell: onWindows,
  });
}

/** Signals the child's whole process group: pnpm does not pass SIGTERM on to the script it runs. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && !onWindows) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/**
 * Builds the web app when its build is missing or stale. Returns false when there is no web app
 * to build yet (apps/web lands with another branch); throws when the build fails.
 */
export async function buildWebAppIfStale(repoRoot: string, logger: Logger): Promise<boolean> {
  const paths = webAppPaths(repoRoot);
  if (!existsSync(paths.dir)) {
    logger.debug({ webDir: paths.dir }, 'no apps/web yet: no web app to build');
    return false;
  }
  const reason = staleBuildReason(paths);
  if (reason === null) return true;
  logger.info({ reason }, 'building the web app');
  const build = runPnpm(['--filter', webPackage, 'build'], repoRoot);
  const code = await new Promise<number | null>((resolveExit, reject) => {
    build.once('error', reject);
    build.once('exit', (exitCode) => resolveExit(exitCode));
  });
  if (code !== 0) throw new Error(`the web app's build failed (pnpm --filter ${webPackage} build exited ${code})`);
  return true;
}

export interface WebDevServer {
  /** Stops Vite (if it still runs) and resolves once it has exited. */
  stop(): Promise<void>;
}

const stopGraceMs = 5_000;

/**
 * Runs `pnpm --filter @showfloor/web dev` (Vite on :5173, which proxies the API's paths to :3000).
 * Null when there is no apps/web yet. `onExit` hears an exit nobody asked for.
 */
export function startWebDevServer(
  repoRoot: string,
  logger: Logger,
  onExit: (code: number | null) => void,
): WebDevServer | null {
  const paths = webAppPaths(repoRoot);
  if (!existsSync(paths.dir)) {
    logger.warn({ webDir: paths.dir }, 'no apps/web yet: running the API and the realtime service only');
    return null;
  }
  // Its own process group, stopped as a whole by stop(): signalling pnpm alone would leave Vite
  // running. (Ctrl-C then reaches only this process, which stops Vite in turn.)
  const vite = runPnpm(['--filter', webPackage, 'dev'], repoRoot, { ownProcessGroup: true });
  let stopping = false;
  const exited = new Promise<void>((resolveExit) => {
    vite.once('exit', (code) => {
      if (!stopping) onExit(code);
      resolveExit();
    });
    vite.once('error', (error) => {
      logger.error({ err: error }, 'the web dev server could not start');
      if (!stopping) onExit(null);
      resolveExit();
    });
  });
  return {
    async stop() {
      stopping = true;
      const running = vite.exitCode === null && vite.signalCode === null;
      signalGroup(vite, 'SIGTERM');
      if (!running) return;
      const forced = setTimeout(() => signalGroup(vite, 'SIGKILL'), stopGraceMs);
      await exited;
      clearTimeout(forced);
    },
  };
}
