import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/*
 * What a browser bundle of each entry pulls in, asked of a real bundler (esbuild, platform
 * "browser"): a Node built-in anywhere in the graph fails the build, and every file it reads is
 * listed. The web app may import only these entries, so none of them may reach `internal/`.
 */

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as {
  exports: Record<string, string>;
};
const browserEntries = ['./rest', './socket', './rules', './errors'];

async function browserBundle(entry: string): Promise<{ errors: string[]; inputs: string[] }> {
  try {
    const result = await build({
      entryPoints: [`${packageRoot}${entry}`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return { errors: [], inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    const failures = (error as { errors?: { text: string }[] }).errors ?? [{ text: String(error) }];
    return { errors: failures.map((failure) => failure.text), inputs: [] };
  }
}

describe('the contracts in a browser', () => {
  it('exports the browser-safe subpaths beside the root and the internal one', () => {
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', ...browserEntries, './internal'].sort());
  });

  it.each(browserEntries)(
    '%s bundles for a browser with no Node built-in and nothing from internal/',
    async (subpath) => {
      const target = manifest.exports[subpath];
      expect(target, `package.json exports ${subpath}`).toBeDefined();
      const { errors, inputs } = await browserBundle(target as string);
      expect(errors).toEqual([]);
      const ownFiles = inputs.filter((input) => !input.includes('node_modules/'));
      expect(ownFiles.length).toBeGreaterThan(0);
      expect(ownFiles.filter((input) => input.includes('/src/internal/'))).toEqual([]);
      // zod is the only package it may pull in (the rules need none).
      const dependencies = new Set(
        inputs
          .filter((input) => input.includes('node_modules/'))
          .map((input) => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]),
      );
      expect([...dependencies].filter((name) => name !== 'zod')).toEqual([]);
    },
  );

  it('the internal entry and the root (for the services) do carry the internal payloads', async () => {
    for (const entry of ['./internal', '.']) {
      const { errors, inputs } = await browserBundle(manifest.exports[entry] as string);
      expect(errors).toEqual([]);
      expect(inputs.some((input) => input.includes('/src/internal/'))).toBe(true);
    }
  });
});
