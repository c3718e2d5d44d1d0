export {
  type AccessTokenIdentity,
  type AccessTokenOptions,
  type AccessTokenSigner,
  accessTokenAudience,
  accessTokenIssuer,
  accessTokenJwtOptions,
  InvalidAccessTokenError,
  signAccessToken,
  verifyAccessToken,
} from './access-tokens.ts';
export { sessionEndedMessage, TokenStateCache, type TokenStateCacheOptions } from './token-state-cache.ts';
