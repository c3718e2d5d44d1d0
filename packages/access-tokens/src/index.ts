export {
  type AccessTokenIdentity,
  type AccessTokenOptions,
  type AccessTokenSigner,
  type AccessTokenVerifier,
  accessTokenAudience,
  accessTokenIssuer,
  accessTokenJwtOptions,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  signAccessToken,
  verifyAccessToken,
} from './access-tokens.ts';
export { sessionEndedMessage, TokenStateCache, type TokenStateCacheOptions } from './token-state-cache.ts';
