import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptsHtml, cacheControlFor, isApiPath, webAppFileFor } from './web-app-files.ts';

describe('isApiPath', () => {
  it('is the API’s paths and what lies under them, not look-alikes', () => {
    for (const path of ['/api', '/api/nope', '/internal/x', '/health', '/docs/json', '/config.json']) {
      expect(isApiPath(path), path).toBe(true);
    }
    for (const path of ['/', '/apiary', '/healthy', '/docs-and-more', '/config.jsonp', '/sessions/api']) {
      expect(isApiPath(path), path).toBe(false);
    }
  });
});

describe('acceptsHtml', () => {
  it('is a browser navigating: text/html named with a q above 0', () => {
    expect(acceptsHtml('text/html,application/xhtml+xml,*/*;q=0.8')).toBe(true);
    expect(acceptsHtml('TEXT/HTML; q=0.5')).toBe(true);
    expect(acceptsHtml('text/html;q=0, application/json')).toBe(false);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('application/json')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });
});

describe('webAppFileFor', () => {
  const root = mkdtempSync(join(tmpdir(), 'web-app-files-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app 1.js'), '');
  writeFileSync(join(root, 'index.html'), '');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names a file under the root, decoded', async () => {
    expect(await webAppFileFor(root, '/assets/app%201.js')).toBe('/assets/app 1.js');
    expect(await webAppFileFor(root, '/index.html')).toBe('/index.html');
  });

  it('is null for directories, missing files, dotfiles, escapes and malformed paths', async () => {
    for (const path of [
      '/',
      '/assets',
      '/assets/',
      '/missing.js',
      '/.env',
      '/../etc/passwd',
      '/%2e%2e/x',
      '/a%00b',
      '/%E0%A4%A',
      '//index.html',
      '/assets%5capp.js',
    ]) {
      expect(await webAppFileFor(root, path), path).toBeNull();
    }
  });
});

describe('cacheControlFor', () => {
  it('caches hashed assets for a year and revalidates everything else', () => {
    expect(cacheControlFor('/srv/dist', '/srv/dist/assets/app-1a2b.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/srv/dist', '/srv/dist/index.html')).toBe('no-cache');
    expect(cacheControlFor('/srv/dist', '/srv/dist/assets-old/x.js')).toBe('no-cache');
  });
});
