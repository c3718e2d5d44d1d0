import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from './create-http-server.ts';
import { createLogger } from './logger.ts';
import { requestContext } from './request-context.ts';

function capturedLines() {
  const raw: string[] = [];
  return {
    raw,
    destination: { write: (chunk: string) => raw.push(...chunk.split('\n').filter(Boolean)) },
    parsed: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A server whose POST route reads a body, awaits, then logs through a module logger (not the request's). */
async function serverLoggingFromAModule() {
  const lines = capturedLines();
  const logger = createLogger({ name: 'test', level: 'info', destination: lines.destination });
  const moduleLogger = logger.child({ module: 'orders' });
  const app = createHttpServer({ logger });
  app.post('/orders', { schema: { body: z.object({ item: z.string() }) } }, async (request) => {
    await sleep(5);
    moduleLogger.info({ item: request.body.item }, 'order placed');
    return { seenAs: requestContext.currentId() };
  });
  await app.ready();
  return { app, lines };
}

describe('request context', () => {
  it('runs a handler, after its body is parsed, under the incoming x-request-id', async () => {
    const { app, lines } = await serverLoggingFromAModule();
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'x-request-id': 'abc' },
      payload: { item: 'lamp' },
    });
    expect(response.json()).toEqual({ seenAs: 'abc' });
    expect(response.headers['x-request-id']).toBe('abc');
    const placed = lines.parsed().find((line) => line.msg === 'order placed');
    expect(placed).toMatchObject({ module: 'orders', reqId: 'abc' });
    // Fastify's own request lines carry the id once, not twice.
    for (const line of lines.raw) expect(line.match(/"reqId":/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(
      lines
        .parsed()
        .filter((line) => line.reqId === 'abc')
        .map((line) => line.msg),
    ).toEqual(['incoming request', 'order placed', 'request completed']);
    await app.close();
  });

  it('keeps the context over a real connection too, where the body arrives after the hooks ran', async () => {
    const { app, lines } = await serverLoggingFromAModule();
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'over-the-wire' },
      body: JSON.stringify({ item: 'lamp' }),
    });
    expect(await response.json()).toEqual({ seenAs: 'over-the-wire' });
    expect(lines.parsed().find((line) => line.msg === 'order placed')).toMatchObject({ reqId: 'over-the-wire' });
    await app.close();
  });

  it('replaces an incoming id it would not forward (too long, or odd characters) with a fresh one', async () => {
    const { app } = await serverLoggingFromAModule();
    for (const incoming of ['x'.repeat(129), 'has space', 'semi;colon']) {
      const response = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: { 'x-request-id': incoming },
        payload: { item: 'lamp' },
      });
      const { seenAs } = response.json();
      expect(seenAs).not.toBe(incoming);
      expect(seenAs).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-request-id']).toBe(seenAs);
    }
    await app.close();
  });

  it('stamps reqId on lines logged inside a context, and none outside', () => {
    const lines = capturedLines();
    const logger = createLogger({ name: 'test', level: 'info', destination: lines.destination });
    logger.info('outside');
    requestContext.run('socket-event-1', () => logger.child({ module: 'socket' }).info('inside'));
    expect(lines.parsed().map((line) => [line.msg, line.reqId])).toEqual([
      ['outside', undefined],
      ['inside', 'socket-event-1'],
    ]);
  });
});

describe('requestContext.detached', () => {
  it('keeps the outer id away from everything the detached work awaits', async () => {
    const seen: (string | undefined)[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const loop = async () => {
      await requestContext.run('batch', async () => {
        seen.push(requestContext.currentId());
        await held;
      });
      seen.push(requestContext.currentId());
    };
    const done = requestContext.run('caller', () => requestContext.detached(loop));
    release();
    await done;
    expect(seen).toEqual(['batch', undefined]);
  });
});
