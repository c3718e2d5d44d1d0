import type { AddressInfo } from 'node:net';
import { errorEnvelopeSchema } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from './support/raw-http.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const request = (head: string) => `${head}\r\nHost: localhost\r\nConnection: close\r\n\r\n`;

/**
 * Refusals raised by Fastify's router or Node's HTTP parser before any route runs. Over a real
 * socket, since `inject` skips the parser entirely.
 */
const cases: [string, number, string, string][] = [
  [
    'a path parameter over 100 characters',
    414,
    'validation_failed',
    request(`GET /api/products/${'a'.repeat(200)} HTTP/1.1`),
  ],
  ['broken percent-encoding in the path', 400, 'validation_failed', request('GET /api/products/%E0%A4%A HTTP/1.1')],
  [
    'headers larger than 16 KiB',
    431,
    'payload_too_large',
    `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
  ],
  ['a URL larger than 16 KiB', 431, 'payload_too_large', request(`GET /api/search?q=${'a'.repeat(20_000)} HTTP/1.1`)],
  [
    'a header line without a colon',
    400,
    'validation_failed',
    'GET /health HTTP/1.1\r\nHost: localhost\r\nNot a header\r\nConnection: close\r\n\r\n',
  ],
  [
    'a Content-Length that is not a number',
    400,
    'validation_failed',
    'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nConnection: close\r\n\r\n',
  ],
  ['a method HTTP does not define', 400, 'validation_failed', request('BREW /health HTTP/1.1')],
  ['a request line that is not HTTP', 400, 'validation_failed', 'hello there\r\n\r\n'],
  // Fastify answers a method a path does not have with 404, not 405 (fastify/fastify#862).
  ['a method the path does not have', 404, 'not_found', request('PUT /health HTTP/1.1')],
];

describe("Fastify's and Node's own errors use the API envelope", () => {
  let api: TestApi;
  let port: number;
  beforeAll(async () => {
    api = await startTestApi();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    port = (api.app.server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  it.each(cases)('%s → %i %s in { success: false, error: { code, message } }', async (_what, status, code, raw) => {
    const response = await sendRaw(port, raw);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = errorEnvelopeSchema.strict().parse(JSON.parse(response.body));
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    // The offending URL is not echoed back.
    expect(response.body.length).toBeLessThan(300);
  });

  it('the server still answers normally after each of them', async () => {
    const response = await sendRaw(port, request('GET /health HTTP/1.1'));
    expect(response.statusCode).toBe(200);
  });
});
