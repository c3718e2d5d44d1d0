// `pnpm bench:web`: the web app's numbers, on the real stack, in real Chromium.
//
// Builds the production bundle, starts PostgreSQL (a scratch database; embedded under
// .data/bench-web-pg unless DATABASE_URL names a server), the API serving that build and the
// realtime service, creates a live session through the API as a creator would, and measures:
//   1. the JavaScript the first page (`/`) downloads, gzipped (level 6, what servers default to),
//      against the 250 KB budget;
//   2. how long the live room takes to first render (navigation start → its title and viewer count
//      on screen, read from the page's own performance clock) in fresh browser profiles, against the
//      sign-in page (no data to load) measured the same way in the same run;
//   3. a reaction sent by clicking in one viewer's page → the count rising in another viewer's page,
//      over 50 tries, against the same reaction sent and seen by two bare socket.io clients.
// It prints one table with the goals, then stops everything it started.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startApiServer } from '@showfloor/api';
import { ApiError, createApiClient, createRealtimeSocket, memoryTokenStore, sendCommand } from '@showfloor/client';
import { loadApiConfig, loadRealtimeConfig } from '@showfloor/config';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger } from '@showfloor/server-kit';
import { findFreePort } from '@showfloor/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { createScratchDatabase } from '../shared/scratch-database.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const webRoot = resolve(repoRoot, 'apps/web');
const distDir = resolve(webRoot, 'dist');
const budgetBytes = 250 * 1024;
const renderRuns = 10;
const reactionTries = 50;
const write = (line = '') => process.stdout.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Milliseconds from navigation start until `ready` holds in the page, on the page's own clock. */
async function timeToRender(page: Page, path: string, ready: string): Promise<number> {
  await page.goto(path, { waitUntil: 'commit' });
  return page.evaluate(
    (selector) => whenInPage(() => (document.querySelector(selector) ? performance.now() : false)),
    ready,
  );
}

declare global {
  /** Installed in every benchmark page by `newBenchContext`. */
  function whenInPage<T>(probe: () => T | false): Promise<T>;
}

/**
 * Resolves with `probe()`'s first truthy answer, checked at every change of the document (a
 * MutationObserver, so no polling interval adds to what is measured). Runs inside the page.
 */
const whenInPageScript = `globalThis.whenInPage = (probe) => new Promise((resolve) => {
  const first = probe();
  if (first !== false) return resolve(first);
  const observer = new MutationObserver(() => {
    const value = probe();
    if (value === false) return;
    observer.disconnect();
    resolve(value);
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
});`;

/** A fresh browser profile (nothing cached, nobody signed in) whose pages can run `whenInPage`. */
async function newBenchContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript({ content: whenInPageScript });
  return context;
}

async function main(): Promise<void> {
  const [load1] = loadavg();
  write(`web benchmark: ${availableParallelism()} cores, load average ${load1?.toFixed(2)} at start`);
  write('building the web app (vite build)…');
  await build({ root: webRoot, configFile: resolve(webRoot, 'vite.config.ts'), logLevel: 'warn' });

  const database = await createScratchDatabase({
    repoRoot,
    prefix: 'showfloor_web_bench_',
    dataDirName: 'bench-web-pg',
    log: write,
  });
  const silent = createLogger({ name: 'web-bench', level: 'warn' });
  const secrets = { JWT_SECRET: randomBytes(48).toString('hex'), INTERNAL_API_KEY: randomBytes(32).toString('hex') };
  const apiPort = await findFreePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const realtime = await startRealtimeServer({
    config: loadRealtimeConfig({
      ...secrets,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      API_INTERNAL_URL: baseUrl,
      CORS_ORIGINS: baseUrl,
      LOG_LEVEL: 'warn',
    }),
    logger: silent,
  });
  const api = await startApiServer({
    config: loadApiConfig({
      ...secrets,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATABASE_URL: database.url,
      REALTIME_INTERNAL_URL: realtime.url,
      PUBLIC_REALTIME_URL: realtime.url,
      WEB_DIST_DIR: distDir,
      CORS_ORIGINS: baseUrl,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000',
    }),
    logger: silent,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });

  try {
    // A live session with products, made through the API as a creator would.
    const creator = createApiClient({ baseUrl, tokens: memoryTokenStore() });
    await creator.auth.register({ body: { username: 'bench_creator', password: 'bench-password', role: 'creator' } });
    const title = 'Benchmark live session';
    const { data: session } = await creator.sessions.create({ body: { title, category: 'tech' } });
    for (const name of ['Keyboard', 'Mouse', 'Headset']) {
      const { data: product } = await creator.products.create({ body: { name, price: 49.5 } });
      await creator.sessionProducts.add({ params: { sessionId: session.id }, body: { productId: product.id } });
    }
    // Without Agora credentials the stream still goes live; only its publisher token is refused (503).
    await creator.sessions.startStream({ params: { sessionId: session.id } }).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.code === 'service_unavailable')) throw error;
    });
    const roomPath = `/sessions/${session.id}`;

    // 1. The first page's JavaScript.
    const bundlePage = await (await newBenchContext(browser, baseUrl)).newPage();
    const scripts = new Set<string>();
    bundlePage.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
    });
    await bundlePage.goto('/', { waitUntil: 'networkidle' });
    const files = [...scripts].map((path) => {
      const bytes = readFileSync(resolve(distDir, `.${path}`));
      return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
    });
    const firstPageGzip = files.reduce((sum, file) => sum + file.gzip, 0);
    write();
    write('JavaScript the first page (/) downloads:');
    for (const file of files.sort((a, b) => b.gzip - a.gzip)) {
      write(`  ${file.path.padEnd(48)} ${kb(file.raw).padStart(10)} raw ${kb(file.gzip).padStart(10)} gzip`);
    }
    await bundlePage.context().close();

    // 2. Live room first render, each in a fresh profile (nothing cached), against the sign-in page.
    const renders: Record<'room' | 'signIn', number[]> = { room: [], signIn: [] };
    const roomReady = '[data-testid="viewer-count"]';
    for (let run = 0; run < renderRuns; run += 1) {
      for (const [kind, path, ready] of [
        ['signIn', '/sign-in', 'form button[type="submit"]'],
        ['room', roomPath, roomReady],
      ] as const) {
        const context = await newBenchContext(browser, baseUrl);
        renders[kind].push(await timeToRender(await context.newPage(), path, ready));
        await context.close();
      }
    }

    // 3. Reaction latency: one page clicks, another page's count rises.
    const sender = await (await newBenchContext(browser, baseUrl)).newPage();
    const watcher = await (await newBenchContext(browser, baseUrl)).newPage();
    await sender.goto(roomPath);
    await watcher.goto(roomPath);
    await sender.locator(roomReady).waitFor();
    await watcher.locator(roomReady).waitFor();
    const reactionButton = sender.getByRole('button', { name: /fire/i }).first();
    const countSelector = '[data-testid="reaction-total"]';
    await watcher.locator(countSelector).waitFor();
    const pageLatencies: number[] = [];
    for (let attempt = 0; attempt < reactionTries; attempt += 1) {
      const before = Number(await watcher.locator(countSelector).textContent());
      const seen = watcher.evaluate(
        ({ selector, previous }) =>
          whenInPage(() => (Number(document.querySelector(selector)?.textContent) > previous ? Date.now() : false)),
        { selector: countSelector, previous: before },
      );
      const sentAt = await sender.evaluate(() => Date.now());
      await reactionButton.click();
      pageLatencies.push((await seen) - sentAt);
    }
    await sender.context().close();
    await watcher.context().close();

    // Baseline: the same path without the pages — two socket.io clients, one sends, one watches.
    const guest = () =>
      createRealtimeSocket({ url: realtime.url, guestId: crypto.randomUUID(), socket: { transports: ['websocket'] } });
    const [from, to] = [guest(), guest()];
    await Promise.all([from, to].map((socket) => sendCommand(socket, 'join-session', { sessionId: session.id })));
    const socketLatencies: number[] = [];
    for (let attempt = 0; attempt < reactionTries; attempt += 1) {
      const seen = new Promise<number>((resolveSeen) => to.once('reaction-stats', () => resolveSeen(Date.now())));
      const sentAt = Date.now();
      await sendCommand(from, 'send-reaction', { sessionId: session.id, type: 'fire' });
      socketLatencies.push((await seen) - sentAt);
    }
    from.disconnect();
    to.disconnect();

    const [loadEnd] = loadavg();
    const roomMedian = percentile(renders.room, 50);
    const signInMedian = percentile(renders.signIn, 50);
    const pageP95 = percentile(pageLatencies, 95);
    const socketP95 = percentile(socketLatencies, 95);
    write();
    write(`| measure | result | baseline (same run) | ratio | goal |`);
    write(`| --- | --- | --- | --- | --- |`);
    write(
      `| first page JavaScript, gzip | ${kb(firstPageGzip)} in ${files.length} files | budget ${kb(budgetBytes)} | ${(firstPageGzip / budgetBytes).toFixed(2)} | ≤ 250 KB ${firstPageGzip <= budgetBytes ? '✓' : '✗'} |`,
    );
    write(
      `| live room first render, median of ${renderRuns} (p95) | ${ms(roomMedian)} (${ms(percentile(renders.room, 95))}) | sign-in page ${ms(signInMedian)} | ${(roomMedian / signInMedian).toFixed(2)} | median < 1 s ${roomMedian < 1000 ? '✓' : '✗'} |`,
    );
    write(
      `| reaction page → other page, p95 of ${reactionTries} (median) | ${ms(pageP95)} (${ms(percentile(pageLatencies, 50))}) | socket → socket p95 ${ms(socketP95)} (median ${ms(percentile(socketLatencies, 50))}) | ${(pageP95 / Math.max(1, socketP95)).toFixed(2)} | p95 < 500 ms ${pageP95 < 500 ? '✓' : '✗'} |`,
    );
    write();
    write(`load average ${load1?.toFixed(2)} at start, ${loadEnd?.toFixed(2)} at the end`);
    write(
      'Reactions reach a room as coalesced reaction-stats (COUNT_BROADCAST_MS, 250 ms by default), so both paths include up to one interval of waiting by design.',
    );
  } finally {
    await browser.close();
    await realtime.close();
    await api.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
