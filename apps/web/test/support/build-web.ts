import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Where the API of the browser tests serves the app from: the same build `pnpm start` serves. */
export const webRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webDistDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** vitest globalSetup: one production build of the web app before any browser test runs. */
export default async function buildWebApp(): Promise<void> {
  // Vitest runs with NODE_ENV=test, and Vite then bundles React's development build (bigger, slower,
  // effects run twice): the tests must open the same production build `pnpm start` serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webRoot,
      configFile: `${webRoot}/vite.config.ts`,
      logLevel: 'warn',
      build: { outDir: webDistDir },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
