import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import { assertCanManage } from '../../shared/authorization.ts';

/**
 * The user whose feed a path names (`me` is the caller), once the caller may see it: only the
 * user themself or an admin; anyone else is a 403, whether or not that user exists.
 */
export function feedOwner(caller: AccessTokenIdentity, userId: string): string {
  const owner = userId === 'me' ? caller.userId : userId;
  assertCanManage(caller, { feed: { userId: owner } });
  return owner;
}
