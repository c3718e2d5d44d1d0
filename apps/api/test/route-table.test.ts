import { randomUUID } from 'node:crypto';
import { type RestRoute, restRoutes } from '@showfloor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

/*
 * The contracts' route table is what the typed client calls; these check that the API serves
 * exactly that table — every entry at its path with its responses, nothing outside it — and that
 * each entry's `auth` is what the API enforces.
 */

const tableRoutes: RestRoute[] = Object.values(restRoutes).flatMap((group) => Object.values(group) as RestRoute[]);

type Operation = { operationId: string; security?: unknown; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

/** `/api/sessions/:sessionId` as OpenAPI writes it; a plugin's root keeps Fastify's trailing slash. */
function documentedPath(path: string, documented: Record<string, unknown>): string {
  const openApi = path.replace(/:(\w+)/g, '{$1}');
  return openApi in documented ? openApi : `${openApi}/`;
}

function urlOf(route: RestRoute): string {
  return route.path.replace(/:(\w+)/g, () => randomUUID());
}

describe('the route table and the API', () => {
  let api: TestApi;
  let document: Document;
  beforeAll(async () => {
    api = await startTestApi();
    document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as Document;
  });
  afterAll(() => api.close());

  it('documents every entry at its path, with its operation id, security, success and every error it can answer', () => {
    const mismatches = tableRoutes.flatMap((route) => {
      const operation = document.paths[documentedPath(route.path, document.paths)]?.[route.method.toLowerCase()];
      if (!operation) return [`${route.id}: ${route.method} ${route.path} is not served`];
      const expectedStatuses = [String(route.status), ...route.errors.map(String)].sort();
      const expectedSecurity = { none: undefined, optional: [{}, { bearerAuth: [] }], required: [{ bearerAuth: [] }] }[
        route.auth
      ];
      const problems: string[] = [];
      if (JSON.stringify(Object.keys(operation.responses).sort()) !== JSON.stringify(expectedStatuses)) {
        problems.push(`${route.id}: responses ${Object.keys(operation.responses)} ≠ ${expectedStatuses}`);
      }
      if (JSON.stringify(operation.security) !== JSON.stringify(expectedSecurity)) {
        problems.push(`${route.id}: security ${JSON.stringify(operation.security)}`);
      }
      // `sessions.startStream` → `sessionsStartStream`: what an OpenAPI generator names the function.
      if (operation.operationId !== route.id.replace(/\.(\w)/, (_dot, first: string) => first.toUpperCase())) {
        problems.push(`${route.id}: operationId ${operation.operationId}`);
      }
      return problems;
    });
    expect(mismatches).toEqual([]);
  });

  it('serves no public operation outside the table, and gives every operation its own id', () => {
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const fromTable = tableRoutes.map((route) => `${route.method} ${documentedPath(route.path, document.paths)}`);
    expect(documented.sort()).toEqual(fromTable.sort());
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses anonymous callers with 401 exactly on the routes the table says need a token', async () => {
    const wrong: string[] = [];
    for (const route of tableRoutes) {
      const response = await api.app.inject({
        method: route.method,
        url: urlOf(route),
        ...(route.body ? { payload: {} } : {}),
      });
      const refused = response.statusCode === 401;
      // The refresh route's credential is the refresh token (body or cookie), not a bearer token:
      // an empty body and no cookie is a 401 there too.
      const needsCredential = route.auth === 'required' || route === restRoutes.auth.refreshToken;
      if (refused !== needsCredential) wrong.push(`${route.id} (${route.auth}): ${response.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers a bad bearer token with 401 on every route, whatever its auth (why every entry lists 401)', async () => {
    const notRefused: string[] = [];
    for (const route of tableRoutes) {
      const response = await api.app.inject({
        method: route.method,
        url: urlOf(route),
        headers: { authorization: 'Bearer not-a-token' },
        ...(route.body ? { payload: {} } : {}),
      });
      if (response.statusCode !== 401 || response.json().error.code !== 'unauthorized') {
        notRefused.push(`${route.id}: ${response.statusCode}`);
      }
    }
    expect(notRefused).toEqual([]);
  });
});
