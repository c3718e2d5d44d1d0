import { apiInternalRoutes, errorCodes, internalKeyHeader } from '@showfloor/contracts';
import { createLogger } from '@showfloor/server-kit';
import { createTestDatabase, type TestDatabase, testApiConfig, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApiServer } from '../src/server.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
}

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: { 'application/json'?: { schema: JsonSchema } } }>;
}

/** Every operation of the public API, as `GET /api/...` with its OpenAPI object. */
function publicOperations(document: OpenApiDocument): { name: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        path,
        operation: operation as Operation,
      })),
    );
}

/** `{ success: false, error: { code ∈ errorCodes, message, details? } }`, as the error handler sends it. */
function isErrorEnvelope(schema: JsonSchema | undefined): boolean {
  const error = schema?.properties?.error;
  return (
    schema?.properties?.success?.enum?.[0] === false &&
    (schema.required ?? []).includes('error') &&
    JSON.stringify(error?.properties?.code?.enum) === JSON.stringify(errorCodes) &&
    error?.properties?.message?.type === 'string' &&
    error?.properties?.details?.type === 'array'
  );
}

/** Every `name: schema` pair anywhere inside a schema, with its dotted place. */
function propertiesIn(schema: JsonSchema | undefined, at = ''): { at: string; name: string; schema: JsonSchema }[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, child]) => [
    { at: `${at}.${name}`, name, schema: child },
    ...propertiesIn(child, `${at}.${name}`),
  ]);
  const nested = [schema.items, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  const additional = typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
  return [...own, ...[...nested, ...additional].flatMap((child) => propertiesIn(child, at))];
}

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

  it('lists, for every public operation, the error responses every /api route can give, each with the envelope', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDocument;
    const operations = publicOperations(document);
    expect(operations.length).toBeGreaterThan(50);
    const incomplete = operations.flatMap(({ name, operation }) => {
      const hasInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
      // 401: the authentication hook refuses a bad bearer token on every /api route; 429: the
      // per-IP rate limit; 503: the database going away. Input can be refused (400), a body be too large (413).
      const expected = ['401', '429', '503', ...(hasInput ? ['400'] : []), ...(operation.requestBody ? ['413'] : [])];
      const missing = expected.filter((status) => operation.responses[status] === undefined);
      const notEnvelope = Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .filter(([, response]) => !isErrorEnvelope(response.content?.['application/json']?.schema))
        .map(([status]) => status);
      return missing.length + notEnvelope.length > 0 ? [{ name, missing, notEnvelope }] : [];
    });
    expect(incomplete, `${incomplete.length} of ${operations.length} operations`).toEqual([]);
  });

  it('gives each resource one path parameter name across every route', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDocument;
    const namesByCollection = new Map<string, Set<string>>();
    for (const path of Object.keys(document.paths).filter((path) => path.startsWith('/api'))) {
      const segments = path.split('/');
      segments.forEach((segment, index) => {
        const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
        const collection = segments[index - 1];
        if (!parameter || !collection) return;
        namesByCollection.set(collection, (namesByCollection.get(collection) ?? new Set()).add(parameter));
      });
    }
    const names = Object.fromEntries([...namesByCollection].map(([collection, set]) => [collection, [...set].sort()]));
    expect(names).toEqual({
      users: ['userId'],
      products: ['productId'],
      sessions: ['sessionId'],
      chat: ['messageId'],
      creator: ['creatorId'],
      breakdown: ['dimension'],
      // Seed 001's engagement stats: /api/analytics/:userId (the leaderboard's path is static).
      analytics: ['userId'],
      // Seed 001's tables address a feed both by its owner and by one item: `/:userId/read-all`
      // beside `/:activityId/read`. Its paths are kept; each name still says what it identifies.
      activities: ['activityId', 'userId'],
      notifications: ['notificationId', 'userId'],
    });
  });

  it('gives each concept one name in response bodies: isLive and watchDuration (seed 003), never live or watchSeconds', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDocument;
    const found = publicOperations(document).flatMap(({ name, operation }) =>
      Object.values(operation.responses).flatMap((response) =>
        propertiesIn(response.content?.['application/json']?.schema).map((property) => ({ ...property, in: name })),
      ),
    );
    const offending = found
      .filter(
        (property) =>
          property.name === 'watchSeconds' || (property.name === 'live' && property.schema.type === 'boolean'),
      )
      .map((property) => `${property.in} ${property.at}`);
    expect(offending).toEqual([]);
    const placesOf = (name: string) => new Set(found.filter((property) => property.name === name).map((p) => p.in));
    expect([...placesOf('isLive')].sort()).toEqual([
      'GET /api/sessions/{sessionId}/analytics',
      'GET /api/sessions/{sessionId}/analytics/live',
      'GET /api/sessions/{sessionId}/conversion-stats',
      'GET /api/sessions/{sessionId}/reactions',
    ]);
    expect([...placesOf('watchDuration')].sort()).toEqual([
      'GET /api/sessions/{sessionId}/analytics/live',
      'GET /api/sessions/{sessionId}/analytics/viewers',
    ]);
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
