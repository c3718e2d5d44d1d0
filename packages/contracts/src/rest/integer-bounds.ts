import { z } from 'zod';

/**
 * The largest value a PostgreSQL `integer` (int4) column holds. Counts the realtime service sends
 * are bounded by it: a larger one failed in the database as a 500, and the realtime service,
 * retrying what the API did not accept, retried that batch forever.
 */
export const postgresIntegerMax = 2_147_483_647;

/** A whole, non-negative count that is stored in an integer column. */
export const storedCountSchema = z.number().int().nonnegative().max(postgresIntegerMax);
