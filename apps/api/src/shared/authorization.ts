import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import { ForbiddenError, type UserRole } from '@showfloor/contracts';

/**
 * Who is acting. Only the id and the role decide, so a caller that is not an HTTP request (the
 * realtime service relaying a socket's user) can be judged by the same rules.
 */
export type Actor = Pick<AccessTokenIdentity, 'userId' | 'role'>;

/**
 * Everything that has one owner, named by what it is, so a call reads as the rule it applies:
 * `canManage(viewer, { session })`. The owner is a session's creator, a product's seller, the
 * account itself, and the creator whose dashboard it is.
 */
export type OwnedResource =
  | { session: { creatorId: string } }
  | { product: { sellerId: string } }
  | { account: { id: string } }
  | { creatorDashboard: { creatorId: string } };

/** Roles that run streams and sell products: creating a session or a product needs one. */
export const creatorRoles: readonly UserRole[] = ['creator', 'admin'];

const defaultRefusals = {
  session: "Only the session's creator or an admin can do this",
  product: 'Only the seller or an admin can change this product',
  account: 'You can only change your own account',
  creatorDashboard: "Only the creator or an admin can see a creator's analytics",
} as const;

function ownerOf(resource: OwnedResource): string {
  if ('session' in resource) return resource.session.creatorId;
  if ('product' in resource) return resource.product.sellerId;
  if ('account' in resource) return resource.account.id;
  return resource.creatorDashboard.creatorId;
}

function kindOf(resource: OwnedResource): keyof typeof defaultRefusals {
  if ('session' in resource) return 'session';
  if ('product' in resource) return 'product';
  if ('account' in resource) return 'account';
  return 'creatorDashboard';
}

export function isAdmin(actor: Actor | null): boolean {
  return actor?.role === 'admin';
}

export function hasCreatorRole(actor: Actor): boolean {
  return creatorRoles.includes(actor.role);
}

/**
 * Owner-only means owner-only: the resource's owner, or an admin. Nobody signed in (null) manages
 * nothing. The one place this rule is written; private fields (a session's stream key, an
 * account's email) are shown by it too.
 */
export function canManage(actor: Actor | null, resource: OwnedResource): boolean {
  return actor !== null && (actor.userId === ownerOf(resource) || isAdmin(actor));
}

/**
 * A 403 unless `actor` may manage `resource`. Whether a missing resource is a 404 first is the
 * caller's choice (look it up, then assert), since some answers must not reveal whether it exists.
 */
export function assertCanManage(actor: Actor, resource: OwnedResource, message?: string): void {
  if (!canManage(actor, resource)) throw new ForbiddenError(message ?? defaultRefusals[kindOf(resource)]);
}

/** Chat moderation widens management by one role: moderators may delete messages in any room. */
export function canModerateChat(actor: Actor, session: { creatorId: string }): boolean {
  return canManage(actor, { session }) || actor.role === 'moderator';
}

/**
 * A user known only by id (the realtime service relays a socket's user without the role): judged as
 * an owner and nothing more, so no role can widen what such a call may do.
 */
export function ownerOnlyActor(userId: string): Actor {
  return { userId, role: 'user' };
}
