import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import { TokenStateCache } from '@showfloor/access-tokens';
import type { TokenCheckResult } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';

export interface LoginCheckDeps {
  api: Pick<InternalApiClient, 'checkToken'>;
  /** TOKEN_STATE_CACHE_MS: how long the API's verdict on a token is reused. */
  cacheTtlMs: number;
  logger: Logger;
}

/**
 * Whether a signature-verified token's login is still current — asked of the API, its verdict
 * cached — so a logged-out, demoted or deleted user's token is refused. When the API gives no
 * verdict (unreachable, failing), the signature alone decides: live streams and dashboards keep
 * running through an API outage. `what` names the caller in the log line.
 */
export function createLoginCheck({ api, cacheTtlMs, logger }: LoginCheckDeps, what: string) {
  const verdicts = new TokenStateCache<TokenCheckResult>({ ttlMs: cacheTtlMs });
  return async function isStillCurrent({ userId, familyId, tokenVersion }: AccessTokenIdentity): Promise<boolean> {
    try {
      const verdict = await verdicts.get(`${userId}:${familyId}:${tokenVersion}`, () =>
        api.checkToken({ userId, familyId, tokenVersion }),
      );
      return verdict.active;
    } catch (error) {
      logger.warn({ err: error, userId }, `token check got no answer from the API; ${what} accepted on its signature`);
      return true;
    }
  };
}
