import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/*
 * The web app bundles this package and nothing else of ours: a real bundler (esbuild, platform
 * "browser") must build it without a Node built-in, and without the contracts' internal payloads.
 */

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('the client in a browser', () => {
  it('bundles for a browser with only the browser-safe contracts, zod and socket.io-client', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const contractsFiles = inputs.filter((input) => input.includes('packages/contracts/src/'));
    expect(contractsFiles.length).toBeGreaterThan(0);
    expect(contractsFiles.filter((input) => input.includes('/src/internal/'))).toEqual([]);
    const packages = new Set(
      inputs
        .filter((input) => input.includes('node_modules/'))
        .map((input) => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]),
    );
    const allowed = [
      'zod',
      'socket.io-client',
      'socket.io-parser',
      'engine.io-client',
      'engine.io-parser',
      '@socket.io/component-emitter',
    ];
    expect([...packages].filter((name) => !allowed.includes(name as string))).toEqual([]);
  });
});
