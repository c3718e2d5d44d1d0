import net, { type AddressInfo } from 'node:net';
import { errorEnvelopeSchema, internalKeyHeader } from '@showfloor/contracts';
import { testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRawResponse } from './support/raw-http.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/** Small, so the test takes about a second; production uses 30,000 ms. */
const requestTimeoutMs = 500;
const dripIntervalMs = 100;
const declaredLength = 200;

interface DripOutcome {
  bytesSent: number;
  received: string;
  closedAfterMs: number;
}

/**
 * Sends complete headers announcing a body of `declaredLength` bytes, then one byte of it every
 * `dripIntervalMs` — a slow-loris body that would take 20 s — until the server closes the connection.
 */
function dripBody(port: number, path: string, headers = ''): Promise<DripOutcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let bytesSent = 0;
    let received = '';
    let drip: NodeJS.Timeout | undefined;
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `${headers}Content-Length: ${declaredLength}\r\n\r\n`,
      );
      drip = setInterval(() => {
        if (bytesSent >= declaredLength) return;
        socket.write(' ');
        bytesSent += 1;
      }, dripIntervalMs);
    });
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connection still open after ${bytesSent} bytes; received ${received.slice(0, 200)}`));
    }, 15_000);
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ bytesSent, received, closedAfterMs: Date.now() - started });
    });
  });
}

describe('REQUEST_TIMEOUT_MS: a body that trickles in is cut off', () => {
  let api: TestApi;
  let port: number;
  beforeAll(async () => {
    api = await startTestApi({ REQUEST_TIMEOUT_MS: String(requestTimeoutMs) });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    port = (api.app.server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  it.each([
    ['/api/auth/login', ''],
    ['/internal/session-views', `${internalKeyHeader}: ${testSecrets.internalApiKey}\r\n`],
  ])('POST %s dripping a byte every 100 ms is answered 408 in the envelope and closed', async (path, headers) => {
    const outcome = await dripBody(port, path, headers);

    // Closed by the server long before the body could have arrived (200 bytes take 20 s).
    expect(outcome.bytesSent).toBeLessThan(declaredLength);
    const response = parseRawResponse(outcome.received);
    expect(response.statusCode, outcome.received).toBe(408);
    expect(response.headers.connection).toBe('close');
    expect(errorEnvelopeSchema.parse(JSON.parse(response.body)).error.code).toBe('validation_failed');
  });

  it('a request that arrives in time is unaffected', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
  });

  it('defaults to 30 s', async () => {
    const { testApiConfig } = await import('@showfloor/testing');
    expect(testApiConfig(api.db.url).REQUEST_TIMEOUT_MS).toBe(30_000);
  });
});
