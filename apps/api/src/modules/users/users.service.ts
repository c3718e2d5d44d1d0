import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type CreateUserBody,
  ForbiddenError,
  type LiveUserView,
  NotFoundError,
  type PageMeta,
  type PaginationQuery,
  pageMeta,
  type UpdateUserBody,
  type UserView,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { assertCanManage, isAdmin } from '../../shared/authorization.ts';
import { hashPassword } from '../auth/password-hasher.ts';
import type { RefreshTokensRepository } from '../auth/refresh-tokens.repository.ts';
import type { TokenStateService } from '../auth/token-state.service.ts';
import { toUserView } from './user-view.ts';
import type { UsersRepository } from './users.repository.ts';

export interface UsersServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  tokenState: Pick<TokenStateService, 'userChanged'>;
  /** Told after a user's row changed or went (once committed): caches of it (feature analytics' demographics) drop it. */
  profileChanged?: (userId: string) => Promise<void>;
  logger: Logger;
}

export function createUsersService({ users, refreshTokens, tokenState, profileChanged, logger }: UsersServiceDeps) {
  return {
    async list(
      viewer: AccessTokenIdentity | null,
      page: PaginationQuery,
    ): Promise<{ items: UserView[]; meta: PageMeta }> {
      const { items, total } = await users.list(page);
      return { items: items.map((user) => toUserView(user, viewer)), meta: pageMeta(total, page) };
    },

    /**
     * One entry per live user, carrying their most recently started live session: the repository
     * yields sessions newest first, so the first one seen for a creator is the one to show.
     */
    async listLive(viewer: AccessTokenIdentity | null): Promise<LiveUserView[]> {
      const seen = new Set<string>();
      const live: LiveUserView[] = [];
      for (const session of await users.listLive()) {
        if (seen.has(session.creatorId)) continue;
        seen.add(session.creatorId);
        live.push({
          ...toUserView(session.creator, viewer),
          liveSession: {
            id: session.id,
            title: session.title,
            description: session.description,
            category: session.category,
            tags: session.tags,
            status: 'live',
            startedAt: session.startedAt,
            agoraChannelName: session.agoraChannelName,
          },
        });
      }
      return live;
    },

    async get(viewer: AccessTokenIdentity | null, id: string): Promise<UserView> {
      const user = await users.findById(id);
      if (!user) throw new NotFoundError('User');
      return toUserView(user, viewer);
    },

    /** Admins only: unlike self-registration, this may create moderators and admins. */
    async create(actor: AccessTokenIdentity, body: CreateUserBody): Promise<UserView> {
      if (!isAdmin(actor)) throw new ForbiddenError('Only an admin can create users');
      const { password, role, ...profile } = body;
      const user = await users.create({ ...profile, role: role ?? 'user', passwordHash: await hashPassword(password) });
      logger.info({ actorId: actor.userId, userId: user.id, role: user.role }, 'user created by admin');
      return toUserView(user, actor);
    },

    /** Accounts are changed by their owner or an admin; nobody else, whether or not the account exists. */
    async update(actor: AccessTokenIdentity, id: string, body: UpdateUserBody): Promise<UserView> {
      assertCanManage(actor, { account: { id } });
      const { password, ...profile } = body;
      if (profile.role !== undefined && !isAdmin(actor)) throw new ForbiddenError('Only an admin can change a role');
      // Setting a password here skips the current-password check, so it is an admin's reset of
      // someone else's account; owners (admins included) go through the route that asks for it.
      if (password !== undefined && actor.userId === id) {
        throw new ForbiddenError(
          'Change your own password with POST /api/auth/update, which asks for your current one',
        );
      }
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      // A role change or a reset ends the user's access tokens on their next request (the
      // repository moves their token version on); a new login or a refresh carries the new role.
      const result = await users.update(
        id,
        { ...profile, ...(passwordHash ? { passwordHash } : {}) },
        { endSessions: passwordHash !== undefined },
      );
      if (!result) throw new NotFoundError('User');
      if (result.sessionsEnded) await tokenState.userChanged(id);
      await profileChanged?.(id);
      if (passwordHash) {
        // A reset usually means the account is not in its owner's hands: end every login it has.
        // The actor's own family never belongs to this user, so "all but the actor's" is all.
        await refreshTokens.revokeOtherFamilies(id, actor.familyId, new Date());
      }
      if (profile.role !== undefined || passwordHash) {
        logger.info(
          { actorId: actor.userId, userId: id, role: profile.role, passwordReset: passwordHash !== undefined },
          'user account changed by admin',
        );
      }
      return toUserView(result.user, actor);
    },

    /** Like a change: the owner or an admin, and the refusal comes before any lookup. */
    async delete(actor: AccessTokenIdentity, id: string): Promise<{ id: string }> {
      assertCanManage(actor, { account: { id } });
      if (!(await users.delete(id))) throw new NotFoundError('User');
      await tokenState.userChanged(id);
      await profileChanged?.(id);
      logger.info({ actorId: actor.userId, userId: id }, 'user deleted');
      return { id };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
