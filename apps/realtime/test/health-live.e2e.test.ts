import { createServer } from 'node:net';
import { testRealtimeConfig } from '@showfloor/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer } from '../src/server.ts';

/** A port on which nothing listens: the realtime service's API is down for the whole test. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GET /health/live on the realtime service', () => {
  let server: Awaited<ReturnType<typeof startRealtimeServer>>;

  beforeAll(async () => {
    const config = testRealtimeConfig({ API_INTERNAL_URL: `http://127.0.0.1:${await closedPort()}` });
    server = await startRealtimeServer({ config, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => server.close());

  it('answers 200 { status: ok } with nothing else, even while the API is unreachable', async () => {
    const response = await fetch(`${server.url}/health/live`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
