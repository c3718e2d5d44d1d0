import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import type { UserView } from '@showfloor/contracts';
import type { UserRecord } from './users.repository.ts';

/** Whether `viewer` may see `user`'s private fields (email, age, gender): themself or an admin. */
export function canSeePrivateFields(user: { id: string }, viewer: AccessTokenIdentity | null): boolean {
  return viewer !== null && (viewer.userId === user.id || viewer.role === 'admin');
}

/**
 * The shape of a user as `viewer` may see it. Secrets (the password hash) are never in it; the
 * response schema would strip them anyway, but they never get this far.
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
  if (canSeePrivateFields(user, viewer)) {
    view.email = user.email;
    view.age = user.age;
    view.gender = user.gender;
  }
  return view;
}
