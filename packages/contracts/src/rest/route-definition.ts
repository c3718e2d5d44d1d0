import type { z } from 'zod';
import { errorEnvelopeSchema } from '../envelope.ts';

/*
 * How a REST route is described once, for both ends: the API registers each route from its entry
 * (path, schemas, documented responses), and the typed client builds its calls from the same entry.
 * Nothing here knows about Fastify or fetch, so it runs in a browser as well as in the services.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - `none`: anyone, and a token changes nothing (the client sends none);
 * - `optional`: anyone, and a token changes the answer (the owner's view, a publisher token);
 * - `required`: a signed-in caller (the service may narrow it to a role or the owner: 403).
 * Under /api a token that is sent must be valid on every route: a bad one is a 401.
 */
export type RouteAuth = 'none' | 'optional' | 'required';

/** 202: accepted and committed (tracking) — the answer comes once the write is durable. */
export type SuccessStatus = 200 | 201 | 202;

/** Every status a route may answer with the error envelope (the client reads them all the same way). */
export const errorStatuses = [400, 401, 403, 404, 409, 413, 429, 503] as const;
export type ErrorStatus = (typeof errorStatuses)[number];

const errorDescriptions: Record<ErrorStatus, string> = {
  400: 'validation_failed: the input was refused; `details[].field` names each offending field',
  401: 'unauthorized: a token is required, or the one sent is invalid, expired or its login has ended',
  403: 'forbidden: signed in, but not allowed (not the owner, or not a role the route needs)',
  404: 'not_found: no such resource',
  409: 'conflict: the resource is not in a state that allows this, or a unique value is taken',
  413: 'payload_too_large: the body is over the size limit',
  429: 'rate_limited: too many requests; `Retry-After` says in how many seconds to try again',
  503: 'service_unavailable: the database (or stream tokens) is unavailable for a moment; `Retry-After` may say when to retry',
};

// One described copy per status, so the OpenAPI document says what each one means.
const describedErrorEnvelopes = Object.fromEntries(
  errorStatuses.map((status) => [status, errorEnvelopeSchema.describe(errorDescriptions[status])]),
) as Record<ErrorStatus, typeof errorEnvelopeSchema>;

/** `{ 401: errorEnvelopeSchema, 404: … }` for a route's `schema.response`. */
export function errorResponses<const S extends ErrorStatus>(
  ...statuses: readonly S[]
): { [K in S]: typeof errorEnvelopeSchema } {
  return Object.fromEntries(statuses.map((status) => [status, describedErrorEnvelopes[status]])) as {
    [K in S]: typeof errorEnvelopeSchema;
  };
}

/**
 * Errors every /api route can answer, whatever its own rules: 401 (the authentication hook refuses
 * any bad bearer token, even where none is needed), 429 (the per-IP rate limit) and 503 (the
 * database going away — the token check reads it too). Input of any kind can be refused (400), and
 * a body can be too large (413).
 */
function surfaceErrors(spec: AnyRouteSpec): ErrorStatus[] {
  const statuses: ErrorStatus[] = [401, 429, 503];
  if (spec.params || spec.query || spec.body) statuses.push(400);
  if (spec.body) statuses.push(413);
  return statuses;
}

/** What the client does with its tokens after the call succeeds: keep the new ones, or forget them. */
export type RouteEffect = 'signs-in' | 'signs-out';

type Schema = z.ZodType;

export interface RouteSpec {
  method: HttpMethod;
  /** The full path as a client calls it, `:name` for each path parameter. */
  path: `/api/${string}`;
  summary: string;
  auth: RouteAuth;
  /** OpenAPI tags; the group's tag when omitted. */
  tags?: readonly string[];
  /** A z.object whose keys are exactly the path's `:name` segments. */
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** 200 when omitted. */
  status?: SuccessStatus;
  /** The success envelope. */
  response: Schema;
  /** Errors this route's own rules can raise (403, 404, 409…); those every route can raise are added. */
  errors?: readonly ErrorStatus[];
  effect?: RouteEffect;
}
type AnyRouteSpec = RouteSpec;

export interface RestRoute<
  Path extends string = string,
  Params extends Schema | undefined = Schema | undefined,
  Query extends Schema | undefined = Schema | undefined,
  Body extends Schema | undefined = Schema | undefined,
  Response extends Schema = Schema,
  Status extends SuccessStatus = SuccessStatus,
> {
  /** `<group>.<name>`, e.g. `sessions.startStream`: also the OpenAPI operationId (without the dot). */
  id: string;
  method: HttpMethod;
  path: Path;
  summary: string;
  auth: RouteAuth;
  tags: readonly string[];
  params: Params;
  query: Query;
  body: Body;
  status: Status;
  response: Response;
  /** Every error status the route can answer, ascending. */
  errors: readonly ErrorStatus[];
  effect: RouteEffect | undefined;
}

type SchemaOf<S, K extends 'params' | 'query' | 'body'> = S extends { [P in K]: infer T extends Schema }
  ? T
  : undefined;

export type RouteOf<S extends RouteSpec> = RestRoute<
  S['path'],
  SchemaOf<S, 'params'>,
  SchemaOf<S, 'query'>,
  SchemaOf<S, 'body'>,
  S['response'],
  S extends { status: infer T extends SuccessStatus } ? T : 200
>;

/** The `:name` segments of a path. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
}

function shapeKeys(schema: Schema): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape === undefined) throw new Error('params must be a z.object');
  return Object.keys(shape);
}

/**
 * A group of routes (`sessions`, `chat`…), each completed with its id, tags and full list of error
 * statuses. Throws at load when a path's parameters and its params schema disagree, so a renamed
 * parameter can never leave the schema, the API and the client out of step.
 */
export function defineRoutes<const Specs extends Record<string, RouteSpec>>(
  group: string,
  specs: Specs,
  options: { tags: readonly string[] },
): { [K in keyof Specs]: RouteOf<Specs[K]> } {
  const routes: Record<string, RestRoute> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const inPath = pathParamNames(spec.path).sort();
    const inSchema = spec.params ? shapeKeys(spec.params).sort() : [];
    if (inPath.join() !== inSchema.join()) {
      throw new Error(`${group}.${name}: path ${spec.path} has [${inPath}] but its params schema has [${inSchema}]`);
    }
    const errors = [...new Set([...surfaceErrors(spec), ...(spec.errors ?? [])])].sort((a, b) => a - b);
    routes[name] = {
      id: `${group}.${name}`,
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      auth: spec.auth,
      tags: spec.tags ?? options.tags,
      params: spec.params,
      query: spec.query,
      body: spec.body,
      status: spec.status ?? 200,
      response: spec.response,
      errors,
      effect: spec.effect,
    };
  }
  return routes as { [K in keyof Specs]: RouteOf<Specs[K]> };
}
