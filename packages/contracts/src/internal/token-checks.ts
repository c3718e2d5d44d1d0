import { z } from 'zod';

/** realtime → API: is this (signature-verified) access token's login still current? */
export const tokenChecksRoute = '/internal/token-checks';

/** The claims that decide it: whose token, which login (refresh-token family), which version. */
export const tokenCheckRequestSchema = z
  .object({ userId: z.uuid(), familyId: z.uuid(), tokenVersion: z.number().int().min(0) })
  .strict();
export type TokenCheckRequest = z.infer<typeof tokenCheckRequestSchema>;

/**
 * Why a token stopped being good: its user was deleted, its version moved on (a role or password
 * change), or its login was ended (logout, refresh-token reuse).
 */
export const tokenEndReasonSchema = z.enum(['user-deleted', 'version-changed', 'session-revoked']);
export type TokenEndReason = z.infer<typeof tokenEndReasonSchema>;

export const tokenCheckResultSchema = z.discriminatedUnion('active', [
  z.object({ active: z.literal(true) }),
  z.object({ active: z.literal(false), reason: tokenEndReasonSchema }),
]);
export type TokenCheckResult = z.infer<typeof tokenCheckResultSchema>;
