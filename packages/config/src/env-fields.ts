import { defaultReactionTypes, reactionTypeSchema } from '@showfloor/contracts';
import { z } from 'zod';

// Building blocks shared by the services' config schemas.

export const portField = z.coerce.number().int().min(0).max(65_535);
export const durationMsField = z.coerce.number().int().positive().max(86_400_000);
export const positiveIntField = z.coerce.number().int().positive();

export const booleanField = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const logLevelField = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const nodeEnvField = z.enum(['development', 'test', 'production']).default('development');

export const httpUrlField = z.url({ protocol: /^https?$/ });

/**
 * An http(s) origin — scheme, host, optional port — written as its origin (no trailing slash). A
 * path is refused: Socket.IO would read it as a namespace, not as where the server is mounted.
 */
export const httpOriginField = httpUrlField
  .refine((value) => {
    // zod runs this even when the URL check above failed.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
  }, 'must be an origin (scheme, host and optional port), with no path, query or credentials')
  .transform((value) => new URL(value).origin);

/** Comma-separated origins; `*` allows any (development only). */
export const corsOriginsField = z
  .string()
  .default('http://localhost:5173,http://localhost:3000')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );

/** Shared by both services: must match on both hosts. */
export const internalApiKeyField = z.string().min(32, 'must be at least 32 characters');
export const jwtSecretField = z.string().min(32, 'must be at least 32 characters');

/** Comma-separated reaction types: lowercase letters, digits, `_` or `-`, at most 32 of them, no repeats. */
export const reactionTypesField = z
  .string()
  .default(defaultReactionTypes.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((type) => type.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(reactionTypeSchema)
      .min(1, 'name at least one type')
      .max(32, 'at most 32 types')
      .refine((types) => new Set(types).size === types.length, 'types must not repeat'),
  );

/** A Redis server (redis:// or rediss://). */
export const redisUrlField = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');

/** Prefix of every key a service keeps in Redis (several deployments can share one server). */
export const redisKeyPrefixField = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-", at most 64')
  .default('showfloor:');
