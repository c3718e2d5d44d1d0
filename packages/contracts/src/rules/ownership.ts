import type { UserRole } from '../rest/users.ts';

/**
 * Who is acting. Only the id and the role decide, so a caller that is not an HTTP request (the
 * realtime service relaying a socket's user, the web app deciding which buttons to show) is judged
 * by the same rules the API enforces.
 */
export interface Actor {
  userId: string;
  role: UserRole;
}

/**
 * Everything that has one owner, named by what it is, so a call reads as the rule it applies:
 * `canManage(viewer, { session })`. The owner is a session's creator, a product's seller, the
 * account itself, the creator whose dashboard it is, and the user whose activity feed and
 * notifications they are.
 */
export type OwnedResource =
  | { session: { creatorId: string } }
  | { product: { sellerId: string } }
  | { account: { id: string } }
  | { creatorDashboard: { creatorId: string } }
  | { feed: { userId: string } };

export type OwnedResourceKind = 'session' | 'product' | 'account' | 'creatorDashboard' | 'feed';

/** Roles that run streams and sell products: creating a session or a product needs one. */
export const creatorRoles: readonly UserRole[] = ['creator', 'admin'];

export function ownerOf(resource: OwnedResource): string {
  if ('session' in resource) return resource.session.creatorId;
  if ('product' in resource) return resource.product.sellerId;
  if ('account' in resource) return resource.account.id;
  if ('feed' in resource) return resource.feed.userId;
  return resource.creatorDashboard.creatorId;
}

export function kindOf(resource: OwnedResource): OwnedResourceKind {
  if ('session' in resource) return 'session';
  if ('product' in resource) return 'product';
  if ('account' in resource) return 'account';
  if ('feed' in resource) return 'feed';
  return 'creatorDashboard';
}

export function isAdmin(actor: Actor | null): boolean {
  return actor?.role === 'admin';
}

export function hasCreatorRole(actor: Actor | null): boolean {
  return actor !== null && creatorRoles.includes(actor.role);
}

/**
 * Owner-only means owner-only: the resource's owner, or an admin. Nobody signed in (null) manages
 * nothing. The one place this rule is written; private fields (a session's stream key, an
 * account's email) are shown by it too.
 */
export function canManage(actor: Actor | null, resource: OwnedResource): boolean {
  return actor !== null && (actor.userId === ownerOf(resource) || isAdmin(actor));
}

/** Chat moderation widens management by one role: moderators may delete messages in any room. */
export function canModerateChat(actor: Actor | null, session: { creatorId: string }): boolean {
  return canManage(actor, { session }) || actor?.role === 'moderator';
}
