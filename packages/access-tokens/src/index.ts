export {
  type AccessTokenIdentity,
  type AccessTokens,
  accessTokenAudience,
  accessTokenIssuer,
  createAccessTokens,
  InvalidAccessTokenError,
} from './access-tokens.ts';
