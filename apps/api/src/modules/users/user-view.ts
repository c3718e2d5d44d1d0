import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import type { UserView } from '@showfloor/contracts';
import { canManage } from '../../shared/authorization.ts';
import type { UserRecord } from './users.repository.ts';

/**
 * The shape of a user as `viewer` may see it. Secrets (the password hash) are never in it; the
 * response schema would strip them anyway, but they never get this far. Private fields (email, age,
 * gender, time zone) are for whoever manages the account: its owner or an admin.
 */
export function toUserView(user: UserRecord, viewer: AccessTokenIdentity | null): UserView {
  const view: UserView = {
    id: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
  if (canManage(viewer, { account: user })) {
    view.email = user.email;
    view.age = user.age;
    view.gender = user.gender;
    view.timeZone = user.timeZone ?? 'UTC';
  }
  return view;
}
