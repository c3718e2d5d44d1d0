import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the event loop the way a flood of work would: nothing else runs meanwhile. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('load shedding', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ LOAD_SHED_EVENT_LOOP_DELAY_MS: '50' });
  });
  afterAll(() => api?.close());

  const get = (url: string) => api.app.inject({ method: 'GET', url });

  it('refuses public requests with 503 and Retry-After while the event loop is late, never health or internal calls, and recovers', async () => {
    expect((await get('/api/products')).statusCode).toBe(200);

    // Late by far more than the bound for a whole sample of the delay monitor.
    for (let round = 0; round < 4; round++) {
      blockEventLoop(300);
      await sleep(1);
    }
    const refused = await get('/api/products');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ success: false, error: { code: 'service_unavailable' } });
    expect((await get('/health/live')).statusCode).toBe(200);
    // An internal call is judged on its own terms (here: no key, 401), not shed.
    expect((await api.app.inject({ method: 'GET', url: '/internal/sessions/watching' })).statusCode).not.toBe(503);

    await sleep(1_000);
    expect((await get('/api/products')).statusCode).toBe(200);
  });
});
