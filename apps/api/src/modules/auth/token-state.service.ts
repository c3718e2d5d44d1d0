import { type AccessTokenIdentity, TokenStateCache } from '@showfloor/access-tokens';
import type { TokenCheckResult } from '@showfloor/contracts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { RefreshTokensRepository } from './refresh-tokens.repository.ts';

export interface TokenStateServiceDeps {
  users: Pick<UsersRepository, 'findTokenVersion'>;
  refreshTokens: Pick<RefreshTokensRepository, 'isFamilyRevoked'>;
  /** TOKEN_STATE_CACHE_MS: how stale an answer may be when the change was made on another instance. */
  cacheTtlMs: number;
}

export type TokenClaims = Pick<AccessTokenIdentity, 'userId' | 'familyId' | 'tokenVersion'>;

/**
 * Decides whether a verified access token is still good: its user exists, its version is the
 * user's current one, and its login (refresh-token family) has not been ended. Answers are cached
 * for `cacheTtlMs`; every change this instance makes evicts its entry at once, so here the
 * effect is on the very next request, and on other instances within the TTL.
 */
export function createTokenStateService({ users, refreshTokens, cacheTtlMs }: TokenStateServiceDeps) {
  const versions = new TokenStateCache<number | null>({ ttlMs: cacheTtlMs });
  const revokedFamilies = new TokenStateCache<boolean>({ ttlMs: cacheTtlMs });

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
    userChanged(userId: string): void {
      versions.evict(userId);
    },
    /** Call after a login family was revoked (once committed). */
    familyRevoked(familyId: string): void {
      revokedFamilies.evict(familyId);
    },
  };
}

export type TokenStateService = ReturnType<typeof createTokenStateService>;
