import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webConfigSchema } from '@showfloor/contracts/rest';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

/*
 * The API serving the web app (WEB_DIST_DIR), its run-time settings (/config.json) and the pages'
 * Content-Security-Policy, which follows the address the page was opened at.
 */

const indexHtml = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head></html>';
const appJs = 'document.title = "Showfloor";';
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let workDir: string;
let distDir: string;
let withWeb: TestApi;
let apiOnly: TestApi;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'showfloor-web-'));
  distDir = join(workDir, 'dist');
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), indexHtml);
  writeFileSync(join(distDir, 'assets', 'app.js'), appJs);
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // Beside the web app, never part of it.
  writeFileSync(join(workDir, 'secret.txt'), 'not for the web');
  writeFileSync(join(distDir, '.env'), 'SECRET=1');

  withWeb = await startTestApi({
    WEB_DIST_DIR: distDir,
    AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
    TRUST_PROXY_HOPS: '1',
  });
  apiOnly = await startTestApi({ PUBLIC_REALTIME_URL: 'https://live.example.com' });
});
afterAll(async () => {
  await withWeb?.close();
  await apiOnly?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function get(api: TestApi, url: string, headers: Record<string, string> = {}) {
  return api.app.inject({ method: 'GET', url, headers });
}

function expectJsonNotFound(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toMatchObject({ success: false, error: { code: 'not_found' } });
}

/** The CSP's directives by name. */
function cspOf(response: LightMyRequestResponse): Map<string, string[]> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

describe('with WEB_DIST_DIR', () => {
  it.each(['/', '/sessions/abc', '/creator/sessions/3f1c/analytics'])(
    '%s opened by a browser is index.html',
    async (path) => {
      const response = await get(withWeb, path, { accept: browserAccept });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe(indexHtml);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves / as index.html whatever the client accepts, and answers HEAD', async () => {
    expect((await get(withWeb, '/', { accept: '*/*' })).body).toBe(indexHtml);
    const head = await withWeb.app.inject({ method: 'HEAD', url: '/sessions/abc', headers: { accept: browserAccept } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('serves built assets as immutable for a year, other files revalidated', async () => {
    const script = await get(withWeb, '/assets/app.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe(appJs);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await get(withWeb, '/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('serves a file built after start-up', async () => {
    writeFileSync(join(distDir, 'assets', 'later.js'), 'export {};');
    expect((await get(withWeb, '/assets/later.js')).statusCode).toBe(200);
  });

  it('keeps the JSON 404 for API paths, even for a browser', async () => {
    for (const path of ['/api/nope', '/api/sessions/x/nothing', '/internal/nope', '/health/x', '/config.json/x']) {
      expectJsonNotFound(await get(withWeb, path, { accept: browserAccept }));
    }
    expectJsonNotFound(
      await withWeb.app.inject({ method: 'POST', url: '/sessions/abc', headers: { accept: browserAccept } }),
    );
  });

  it('keeps the JSON 404 for a missing file or page a client that wants no HTML asks for', async () => {
    expectJsonNotFound(await get(withWeb, '/assets/missing.js', { accept: '*/*' }));
    expectJsonNotFound(await get(withWeb, '/sessions/abc', { accept: 'application/json' }));
    expectJsonNotFound(await get(withWeb, '/sessions/abc'));
  });

  it('serves nothing outside WEB_DIST_DIR, and no dotfile', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/.env',
      '/%2eenv',
    ]) {
      const response = await get(withWeb, path, { accept: '*/*' });
      expect(response.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('not for the web');
      expect(response.body).not.toContain('SECRET');
    }
  });

  it('still serves the API beside it', async () => {
    expect((await get(withWeb, '/health')).statusCode).toBe(200);
    expect((await get(withWeb, '/api/search/sessions')).json()).toMatchObject({ success: true });
    expect((await get(withWeb, '/docs/json')).statusCode).toBe(200);
  });
});

describe('GET /config.json', () => {
  it('sends the page to the realtime service on the host it was opened at (a phone on the LAN)', async () => {
    const response = await get(withWeb, '/config.json', { host: '192.168.1.5:3000' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(webConfigSchema.parse(response.json())).toEqual({
      realtimeUrl: 'http://192.168.1.5:3001',
      agoraAppId: '0123456789abcdef0123456789abcdef',
    });
  });

  it('follows https behind a trusted proxy', async () => {
    const response = await get(withWeb, '/config.json', { host: 'shop.example.com', 'x-forwarded-proto': 'https' });
    expect(response.json().realtimeUrl).toBe('https://shop.example.com:3001');
  });

  it('is PUBLIC_REALTIME_URL when set, and answers without a web app (agoraAppId null without Agora)', async () => {
    const response = await get(apiOnly, '/config.json', { host: '192.168.1.5:3000' });
    expect(response.statusCode).toBe(200);
    expect(webConfigSchema.parse(response.json())).toEqual({
      realtimeUrl: 'https://live.example.com',
      agoraAppId: null,
    });
  });

  it('never echoes a forged Host', async () => {
    const response = await get(withWeb, '/config.json', { host: "evil.com;script-src 'unsafe-inline'" });
    expect(response.json().realtimeUrl).toBe('http://localhost:3001');
  });
});

describe('the pages’ Content-Security-Policy', () => {
  it('allows this origin’s scripts and connections to the realtime service in both forms, and Agora with an App ID', async () => {
    const csp = cspOf(await get(withWeb, '/sessions/abc', { accept: browserAccept, host: '192.168.1.5:3000' }));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'http://192.168.1.5:3001',
      'ws://192.168.1.5:3001',
      'https://*.agora.io',
      'wss://*.agora.io',
      'https://*.sd-rtn.com',
      'wss://*.sd-rtn.com',
    ]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    // A page on http://<LAN address> must load its own scripts over http.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('names wss: for a page served over https', async () => {
    const csp = cspOf(await get(withWeb, '/', { host: 'shop.example.com', 'x-forwarded-proto': 'https' }));
    expect(csp.get('connect-src')).toContain('wss://shop.example.com:3001');
  });

  it('names PUBLIC_REALTIME_URL when set, and no Agora host without an App ID', async () => {
    const csp = cspOf(await get(apiOnly, '/config.json', { host: '192.168.1.5:3000' }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://live.example.com', 'wss://live.example.com']);
  });

  it('leaves the docs page its own policy', async () => {
    const docs = await get(withWeb, '/docs', { accept: browserAccept });
    expect(docs.statusCode).toBe(200);
    const csp = cspOf(docs);
    expect(csp.get('img-src')).toContain('validator.swagger.io');
    expect(csp.get('connect-src')).toBeUndefined();
  });
});

describe('without WEB_DIST_DIR (an API-only deployment)', () => {
  it('serves no web app: / is the JSON 404, /config.json still answers', async () => {
    expectJsonNotFound(await get(apiOnly, '/', { accept: browserAccept }));
    expectJsonNotFound(await get(apiOnly, '/sessions/abc', { accept: browserAccept }));
    expect((await get(apiOnly, '/config.json')).statusCode).toBe(200);
  });
});
