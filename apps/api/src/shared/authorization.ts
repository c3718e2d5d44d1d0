import { ForbiddenError } from '@showfloor/contracts';
import { type Actor, canManage, isAdmin, kindOf, type OwnedResource } from '@showfloor/contracts/rules';

// The rules themselves are pure and shared with the web app (contracts/rules/ownership.ts); this
// module turns them into the API's refusals.
export {
  type Actor,
  canManage,
  canModerateChat,
  creatorRoles,
  hasCreatorRole,
  isAdmin,
  type OwnedResource,
} from '@showfloor/contracts/rules';

const defaultRefusals = {
  session: "Only the session's creator or an admin can do this",
  product: 'Only the seller or an admin can change this product',
  account: 'You can only change your own account',
  creatorDashboard: "Only the creator or an admin can see a creator's analytics",
  feed: 'Only its owner or an admin can read or change a feed or its notifications',
} as const;

/**
 * A 403 unless `actor` may manage `resource`. Whether a missing resource is a 404 first is the
 * caller's choice (look it up, then assert), since some answers must not reveal whether it exists.
 */
export function assertCanManage(actor: Actor, resource: OwnedResource, message?: string): void {
  if (!canManage(actor, resource)) throw new ForbiddenError(message ?? defaultRefusals[kindOf(resource)]);
}

/** A 403 unless `actor` is an admin (the product team's dashboards). */
export function assertAdmin(actor: Actor, message: string): void {
  if (!isAdmin(actor)) throw new ForbiddenError(message);
}

/**
 * A user known only by id (the realtime service relays a socket's user without the role): judged as
 * an owner and nothing more, so no role can widen what such a call may do.
 */
export function ownerOnlyActor(userId: string): Actor {
  return { userId, role: 'user' };
}
