export {
  type AccessTokenIdentity,
  type AccessTokens,
  accessTokenAudience,
  accessTokenIssuer,
  createAccessTokens,
  InvalidAccessTokenError,
} from './access-tokens.ts';
export { sessionEndedMessage, TokenStateCache, type TokenStateCacheOptions } from './token-state-cache.ts';
