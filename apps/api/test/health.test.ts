import { apiHealthSchema } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

describe('GET /health', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('reports the database up, the version and the uptime', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = apiHealthSchema.parse(response.json());
    expect(body).toMatchObject({ status: 'ok', db: 'up', version: '0.1.0' });
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('answers 503 with db "down" while the database is stopped, and recovers after', async () => {
    await api.db.takeOffline();
    try {
      const down = await api.app.inject({ method: 'GET', url: '/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'degraded', db: 'down' });
    } finally {
      await api.db.bringOnline();
    }
    const up = await api.app.inject({ method: 'GET', url: '/health' });
    expect(up.json()).toMatchObject({ db: 'up' });
  });

  it('keeps a caller-supplied request id so one id follows a call across services', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('answers unknown routes with the error envelope', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      success: false,
      error: { code: 'not_found', message: 'Route GET /nope not found' },
    });
  });
});
