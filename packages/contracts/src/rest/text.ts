import { z } from 'zod';

/*
 * The one rule for text from outside (REST bodies and query strings, socket payloads, internal
 * payloads): it never carries U+0000. PostgreSQL text cannot store that character (error 22021),
 * so without this rule a NUL passed validation and failed in the database as a 500 — or, retried
 * by the realtime service, forever. Every string field of the contracts starts from here; UUIDs,
 * enums and ISO timestamps need nothing more, as their formats already refuse it.
 */

export const nulCharacterMessage = 'must not contain the NUL character (\\u0000)';

const hasNoNul = (value: string) => !value.includes('\u0000');

/** Refuses U+0000; chain `.trim()`, `.min()`, `.max()`, `.regex()` as on any zod string. */
export function textSchema() {
  return z.string().refine(hasNoNul, nulCharacterMessage);
}

/** An email address under the same rule. */
export function emailTextSchema() {
  return z.email().refine(hasNoNul, nulCharacterMessage);
}

/** A URL under the same rule; `protocol` limits the schemes accepted (https?, rtmps?…). */
export function urlTextSchema(protocol: RegExp) {
  return z.url({ protocol }).refine(hasNoNul, nulCharacterMessage);
}
