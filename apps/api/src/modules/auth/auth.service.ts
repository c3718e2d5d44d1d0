import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessTokenIdentity, AccessTokens } from '@showfloor/access-tokens';
import {
  type AuthResult,
  type LoginBody,
  type RegisterBody,
  UnauthorizedError,
  type UpdateMeBody,
  type UserView,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { toUserView } from '../users/user-view.ts';
import type { UserRecord, UsersRepository } from '../users/users.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password-hasher.ts';
import type { RefreshTokensRepository } from './refresh-tokens.repository.ts';

export interface AuthServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  accessTokens: AccessTokens;
  throttle: LoginThrottle;
  refreshTokenTtlMs: number;
  logger: Logger;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const invalidCredentials = () => new UnauthorizedError('Invalid credentials');

export function createAuthService(deps: AuthServiceDeps) {
  const { users, refreshTokens, accessTokens, throttle, logger } = deps;
  // Verifying against a real hash when the user does not exist keeps both failures equally slow.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return decoyHash;
  };

  async function issueTokens(user: UserRecord, familyId: string): Promise<AuthResult> {
    const refreshToken = randomBytes(32).toString('base64url');
    await refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + deps.refreshTokenTtlMs),
    });
    const identity = { userId: user.id, role: user.role, familyId };
    const accessToken = accessTokens.sign(identity);
    return {
      user: toUserView(user, identity),
      accessToken,
      token: accessToken,
      refreshToken,
      expiresIn: accessTokens.ttlSeconds,
    };
  }

  async function requireUser(identity: AccessTokenIdentity): Promise<UserRecord> {
    const user = await users.findById(identity.userId);
    if (!user) throw new UnauthorizedError('This account no longer exists');
    return user;
  }

  return {
    async register(body: RegisterBody): Promise<AuthResult> {
      const { password, role, ...profile } = body;
      const user = await users.create({ ...profile, role: role ?? 'user', passwordHash: await hashPassword(password) });
      logger.info({ userId: user.id, role: user.role }, 'user registered');
      return issueTokens(user, randomUUID());
    },

    async login(body: LoginBody, clientIp: string): Promise<AuthResult> {
      const identifier = (body.email ?? body.username ?? '').toLowerCase();
      const keys = [`ip:${clientIp}`, `id:${identifier}`];
      throttle.assertAllowed(keys);
      const user = await users.findByLogin(body);
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoy()), body.password);
      if (!user || !passwordOk) {
        throttle.recordFailure(keys);
        throw invalidCredentials();
      }
      throttle.clear(`id:${identifier}`);
      return issueTokens(user, randomUUID());
    },

    /** Rotates the refresh token. Presenting one that was already used revokes its whole family. */
    async refresh(refreshToken: string): Promise<AuthResult> {
      const tokenHash = hashToken(refreshToken);
      const record = await refreshTokens.findByHash(tokenHash);
      if (!record) throw new UnauthorizedError('Invalid refresh token');
      const now = new Date();
      if (await refreshTokens.consume(tokenHash, now)) return issueTokens(record.user, record.familyId);
      if (record.expiresAt > now || record.usedAt || record.revokedAt) {
        await refreshTokens.revokeFamily(record.familyId, now);
        logger.warn({ userId: record.userId, familyId: record.familyId }, 'refresh token reuse: family revoked');
      }
      throw new UnauthorizedError('Invalid refresh token');
    },

    async logout(identity: AccessTokenIdentity): Promise<void> {
      await refreshTokens.revokeFamily(identity.familyId, new Date());
    },

    async currentUser(identity: AccessTokenIdentity): Promise<UserView> {
      return toUserView(await requireUser(identity), identity);
    },

    async updateMe(identity: AccessTokenIdentity, body: UpdateMeBody): Promise<UserView> {
      const user = await requireUser(identity);
      const { password, currentPassword, ...profile } = body;
      let passwordHash: string | undefined;
      if (password !== undefined) {
        if (!currentPassword || !(await verifyPassword(user.passwordHash, currentPassword))) {
          throw new ValidationError('Current password is incorrect', [
            { field: 'currentPassword', message: 'is incorrect' },
          ]);
        }
        passwordHash = await hashPassword(password);
      }
      const updated = await users.update(user.id, { ...profile, ...(passwordHash ? { passwordHash } : {}) });
      if (passwordHash) await refreshTokens.revokeOtherFamilies(user.id, identity.familyId, new Date());
      return toUserView(updated, identity);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
