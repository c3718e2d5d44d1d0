import { type AccessTokenIdentity, TokenStateCache } from '@showfloor/access-tokens';
import type { TokenCheckResult } from '@showfloor/contracts';
import type { CacheEvictions } from '../../shared/cache-evictions.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { RefreshTokensRepository } from './refresh-tokens.repository.ts';

export interface TokenStateServiceDeps {
  users: Pick<UsersRepository, 'findTokenVersion'>;
  refreshTokens: Pick<RefreshTokensRepository, 'isFamilyRevoked'>;
  /** TOKEN_STATE_CACHE_MS: how stale an answer may be when the change was made on another instance. */
  cacheTtlMs: number;
  /** How a change reaches this cache in every app instance and API process. */
  evictions: CacheEvictions;
}

export type TokenClaims = Pick<AccessTokenIdentity, 'userId' | 'familyId' | 'tokenVersion'>;

/**
 * Decides whether a verified access token is still good: its user exists, its version is the
 * user's current one, and its login (refresh-token family) has not been ended. Answers are cached
 * for `cacheTtlMs`; every change made through the API evicts its entry in every API process of the
 * host before the change is answered, so the effect is on the very next request; a change made on
 * another host within the TTL.
 */
export function createTokenStateService({ users, refreshTokens, cacheTtlMs, evictions }: TokenStateServiceDeps) {
  const versions = new TokenStateCache<number | null>({ ttlMs: cacheTtlMs });
  const revokedFamilies = new TokenStateCache<boolean>({ ttlMs: cacheTtlMs });
  evictions.register((eviction) => {
    if (eviction.cache === 'token-version') versions.evict(eviction.userId);
    else if (eviction.cache === 'login-family') revokedFamilies.evict(eviction.familyId);
  });

  return {
    async check(claims: TokenClaims): Promise<TokenCheckResult> {
      const [version, familyRevoked] = await Promise.all([
        versions.get(claims.userId, () => users.findTokenVersion(claims.userId)),
        revokedFamilies.get(claims.familyId, () => refreshTokens.isFamilyRevoked(claims.familyId)),
      ]);
      if (version === null) return { active: false, reason: 'user-deleted' };
      if (version !== claims.tokenVersion) return { active: false, reason: 'version-changed' };
      if (familyRevoked) return { active: false, reason: 'session-revoked' };
      return { active: true };
    },
    /** Call after the user's token version moved on or the user was deleted (once committed). */
    userChanged: (userId: string): Promise<void> => evictions.evict({ cache: 'token-version', userId }),
    /** Call after a login family was revoked (once committed). */
    familyRevoked: (familyId: string): Promise<void> => evictions.evict({ cache: 'login-family', familyId }),
  };
}

export type TokenStateService = ReturnType<typeof createTokenStateService>;
