import { type ErrorStatus, type errorEnvelopeSchema, errorResponses, type RestRoute } from '@showfloor/contracts';

const bearer = [{ bearerAuth: [] }];
/** Works anonymously; a token, when sent, changes the answer (and must be valid). */
const optionalBearer: Record<string, string[]>[] = [{}, { bearerAuth: [] }];

type ErrorResponseSchemas = Partial<Record<ErrorStatus, typeof errorEnvelopeSchema>>;

/**
 * The Fastify side of one entry of the contracts' route table: its method, its path relative to the
 * plugin it is registered in, and a full schema (params, query, body, the success response and
 * every error response, OpenAPI tags, summary, operation id and security). A route file spreads it
 * into `app.route({ ...restRoute(app, restRoutes.x.y), handler })`, so what the API serves is what
 * the client calls. Throws at start-up when the plugin is mounted where the entry's path is not.
 */
export function restRoute<R extends RestRoute>(app: { prefix: string }, route: R) {
  if (!route.path.startsWith(app.prefix)) {
    throw new Error(`${route.id} (${route.path}) cannot be served by a plugin mounted at ${app.prefix}`);
  }
  // The plugin's own root is '/', which Fastify serves with and without a trailing slash.
  const url = route.path.slice(app.prefix.length) || '/';
  const response = { [route.status]: route.response, ...errorResponses(...route.errors) } as {
    [K in R['status']]: R['response'];
  } & ErrorResponseSchemas;
  const schema = {
    operationId: route.id.replace(/\.(\w)/, (_match, first: string) => first.toUpperCase()),
    summary: route.summary,
    tags: [...route.tags],
    ...(route.auth === 'required'
      ? { security: bearer }
      : route.auth === 'optional'
        ? { security: optionalBearer }
        : {}),
    params: route.params as R['params'],
    querystring: route.query as R['query'],
    body: route.body as R['body'],
    response,
  };
  // Fastify warns about a schema key that is present but undefined, so absent parts are removed.
  for (const part of ['params', 'querystring', 'body'] as const) {
    if (schema[part] === undefined) delete schema[part];
  }
  return { method: route.method, url, schema };
}
