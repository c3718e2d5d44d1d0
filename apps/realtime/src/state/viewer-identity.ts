import type { UserRole } from '@showfloor/contracts';

/** Who a socket is: the user of its handshake token, or a guest (their kept id, else the socket). */
export type ViewerIdentity =
  | { kind: 'user'; userId: string; role: UserRole; viewerKey: string }
  | { kind: 'guest'; guestId: string; viewerKey: string };

export function userIdentity(userId: string, role: UserRole): ViewerIdentity {
  return { kind: 'user', userId, role, viewerKey: `user:${userId}` };
}

export function guestIdentity(guestId: string): ViewerIdentity {
  return { kind: 'guest', guestId, viewerKey: `guest:${guestId}` };
}
