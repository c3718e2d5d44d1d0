import { z } from 'zod';

/**
 * A point in time: a Date inside the services, an ISO 8601 string on the wire. As a codec it
 * encodes when responses are serialized and documents as `date-time` in the OpenAPI document.
 */
export const timestampSchema = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});
