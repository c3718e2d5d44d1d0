import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { restRoutes } from './api-routes.ts';
import { defineRoutes, pathParamNames } from './route-definition.ts';

const response = successEnvelope(z.object({ ok: z.boolean() }));

describe('defineRoutes', () => {
  it('completes each entry: id, the group tag, status 200, and the errors every /api route can give', () => {
    const { read, write } = defineRoutes(
      'things',
      {
        read: { method: 'GET', path: '/api/things', summary: 'All things', auth: 'none', response },
        write: {
          method: 'PUT',
          path: '/api/things/:thingId',
          summary: 'Change a thing',
          auth: 'required',
          params: z.object({ thingId: z.uuid() }),
          body: z.object({ name: z.string() }),
          response,
          errors: [404, 403, 401],
        },
      },
      { tags: ['things'] },
    );
    expect(read).toMatchObject({ id: 'things.read', tags: ['things'], status: 200, errors: [401, 429, 503] });
    // Input can be refused (400), a body be too large (413); the route's own come in once, in order.
    expect(write.errors).toEqual([400, 401, 403, 404, 413, 429, 503]);
  });

  it("refuses a path whose parameters and params schema disagree, so a rename can't leave one behind", () => {
    const define = (path: `/api/${string}`) =>
      defineRoutes(
        'things',
        {
          get: {
            method: 'GET',
            path,
            summary: 'One thing',
            auth: 'none',
            params: z.object({ thingId: z.uuid() }),
            response,
          },
        },
        { tags: ['things'] },
      );
    expect(() => define('/api/things/:id')).toThrow(
      'things.get: path /api/things/:id has [id] but its params schema has [thingId]',
    );
    expect(() => define('/api/things')).toThrow('has [] but its params schema has [thingId]');
    expect(() => define('/api/things/:thingId')).not.toThrow();
  });

  it('names every id in a path `<resource>Id` (and seed 002’s breakdown `dimension`), and gives every route a unique method and path', () => {
    const routes = Object.values(restRoutes).flatMap((group) => Object.values(group));
    const names = new Set(routes.flatMap((route) => pathParamNames(route.path)));
    expect([...names].sort()).toEqual([
      'activityId',
      'creatorId',
      'dimension',
      'messageId',
      'notificationId',
      'productId',
      'sessionId',
      'userId',
    ]);
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
