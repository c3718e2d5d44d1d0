import { apiInternalRoutes, internalKeyHeader } from '@showfloor/contracts';
import { createLogger } from '@showfloor/server-kit';
import { createTestDatabase, type TestDatabase, testApiConfig, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApiServer } from '../src/server.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

const internalPaths = (document: OpenApiDocument) =>
  Object.keys(document.paths).filter((path) => path.startsWith('/internal'));

describe('/docs/json without INTERNAL_PORT (one port serves /api and /internal)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('documents the public API and none of the internal routes', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json() as OpenApiDocument;
    expect(internalPaths(document)).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('/internal');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/products/', '/api/search/sessions']));
    // Query integers are documented as what they are on the wire: decimal digits.
    const listProducts = document.paths['/api/products/']?.get as {
      parameters: { name: string; schema: { type?: string; pattern?: string } }[];
    };
    const limit = listProducts.parameters.find((parameter) => parameter.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'string', pattern: expect.stringContaining('0-9') });
  });

  it('the internal routes still answer on that port, for the realtime service', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: apiInternalRoutes.sessionViews,
      headers: { [internalKeyHeader]: testSecrets.internalApiKey },
      payload: { views: [] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('views');
  });
});

describe('/docs/json with INTERNAL_PORT set', () => {
  let db: TestDatabase;
  let running: RunningApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApiServer({
      config: testApiConfig(db.url, { PORT: '0', INTERNAL_PORT: '0' }),
      logger: createLogger({ name: 'api-test', level: 'silent' }),
      prisma: db.prisma,
    });
  });
  afterAll(async () => {
    await running.close();
    await db.drop();
  });

  it('the public port documents no internal route, and the internal port serves no document', async () => {
    const document = (await (await fetch(`${running.url}/docs/json`)).json()) as OpenApiDocument;
    expect(internalPaths(document)).toEqual([]);
    expect(Object.keys(document.paths)).toContain('/api/products/');
    expect((await fetch(`${running.internalUrl}/docs/json`)).status).toBe(404);
    expect((await fetch(`${running.url}${apiInternalRoutes.sessionViews}`, { method: 'POST' })).status).toBe(404);
  });
});
