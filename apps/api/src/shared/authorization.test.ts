import { randomUUID } from 'node:crypto';
import { ForbiddenError, type UserRole, userRoleSchema } from '@showfloor/contracts';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  assertCanManage,
  canManage,
  canModerateChat,
  hasCreatorRole,
  isAdmin,
  type OwnedResource,
  ownerOnlyActor,
} from './authorization.ts';

const ownerId = randomUUID();
const someoneElse = randomUUID();
const roles = userRoleSchema.options;

const resources: [string, OwnedResource][] = [
  ['a session, by its creator', { session: { creatorId: ownerId } }],
  ['a product, by its seller', { product: { sellerId: ownerId } }],
  ['an account, by its id', { account: { id: ownerId } }],
  ["a creator's dashboard, by the creator", { creatorDashboard: { creatorId: ownerId } }],
];

const actor = (userId: string, role: UserRole): Actor => ({ userId, role });

describe('canManage: the owner or an admin', () => {
  const cases = resources.flatMap(([name, resource]) =>
    roles.flatMap((role) => [
      { name, resource, role, owner: true, expected: true },
      { name, resource, role, owner: false, expected: role === 'admin' },
    ]),
  );

  it.each(cases)('$name: a $role who is the owner ($owner) may manage it: $expected', (c) => {
    expect(canManage(actor(c.owner ? ownerId : someoneElse, c.role), c.resource)).toBe(c.expected);
  });

  it.each(resources)('nobody signed in manages %s', (_name, resource) => {
    expect(canManage(null, resource)).toBe(false);
  });
});

describe('assertCanManage', () => {
  it.each([
    [{ session: { creatorId: ownerId } }, "Only the session's creator or an admin can do this"],
    [{ product: { sellerId: ownerId } }, 'Only the seller or an admin can change this product'],
    [{ account: { id: ownerId } }, 'You can only change your own account'],
    [{ creatorDashboard: { creatorId: ownerId } }, "Only the creator or an admin can see a creator's analytics"],
  ] as [OwnedResource, string][])('refuses anyone else with a 403 that says who may (%o)', (resource, message) => {
    const refusal = (() => {
      try {
        assertCanManage(actor(someoneElse, 'moderator'), resource);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((refusal as ForbiddenError).message).toBe(message);
  });

  it('says what the caller asks it to say', () => {
    expect(() => assertCanManage(actor(someoneElse, 'user'), { session: { creatorId: ownerId } }, 'Not yours')).toThrow(
      new ForbiddenError('Not yours'),
    );
  });

  it('lets the owner and an admin through', () => {
    expect(() => assertCanManage(actor(ownerId, 'user'), { account: { id: ownerId } })).not.toThrow();
    expect(() => assertCanManage(actor(someoneElse, 'admin'), { product: { sellerId: ownerId } })).not.toThrow();
  });
});

describe('canModerateChat: the session creator, an admin or a moderator', () => {
  const session = { creatorId: ownerId };
  it.each(roles)('a %s who did not create the session', (role) => {
    expect(canModerateChat(actor(someoneElse, role), session)).toBe(role === 'admin' || role === 'moderator');
  });
  it.each(roles)('a %s who created the session', (role) => {
    expect(canModerateChat(actor(ownerId, role), session)).toBe(true);
  });
});

describe('roles', () => {
  it.each(roles)('only an admin is an admin (%s)', (role) => {
    expect(isAdmin(actor(someoneElse, role))).toBe(role === 'admin');
  });

  it('treats nobody signed in as no admin', () => {
    expect(isAdmin(null)).toBe(false);
  });

  it.each(roles)('creators and admins may host and sell (%s)', (role) => {
    expect(hasCreatorRole(actor(someoneElse, role))).toBe(role === 'creator' || role === 'admin');
  });
});

describe('ownerOnlyActor', () => {
  it('manages what that user owns and nothing else', () => {
    const relayed = ownerOnlyActor(ownerId);
    expect(canManage(relayed, { session: { creatorId: ownerId } })).toBe(true);
    expect(canManage(relayed, { session: { creatorId: someoneElse } })).toBe(false);
    expect(canModerateChat(relayed, { creatorId: someoneElse })).toBe(false);
  });
});
