import type { UserView } from '@showfloor/contracts/rest';
import type { Actor } from '@showfloor/contracts/rules';

/** The signed-in person as the shared ownership rules see them (null for a guest). */
export function actorOf(user: UserView | null): Actor | null {
  return user ? { userId: user.id, role: user.role } : null;
}
