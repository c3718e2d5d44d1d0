import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessTokenIdentity, AccessTokenSigner } from '@showfloor/access-tokens';
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
import type { ActivityRecorder } from '../feeds/activity-recorder.ts';
import { activityTexts } from '../feeds/activity-texts.ts';
import { toUserView } from '../users/user-view.ts';
import type { UserRecord, UsersRepository } from '../users/users.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password-hasher.ts';
import type { RefreshTokensRepository } from './refresh-tokens.repository.ts';
import type { TokenStateService } from './token-state.service.ts';

export interface AuthServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  accessTokens: AccessTokenSigner;
  throttle: LoginThrottle;
  tokenState: TokenStateService;
  refreshTokenTtlMs: number;
  /** Told after the caller's own row changed (once committed), like UsersServiceDeps.profileChanged. */
  profileChanged?: (userId: string) => Promise<void>;
  /** The user's feed: "signed in", written without holding up the sign-in. */
  activities?: ActivityRecorder;
  logger: Logger;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const invalidCredentials = () => new UnauthorizedError('Invalid credentials');

export function createAuthService(deps: AuthServiceDeps) {
  const { users, refreshTokens, accessTokens, throttle, tokenState, logger } = deps;
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
    // The user's current role and version, read from the database: a refresh after a role
    // change gets a token for the new role.
    const identity = { userId: user.id, role: user.role, familyId, tokenVersion: user.tokenVersion };
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
      const user = await users.findByLogin(body);
      // Counted per account, so its email and its username share one budget.
      const identifier = (body.email ?? body.username ?? '').toLowerCase();
      const attempt = { ip: clientIp, account: user ? `user:${user.id}` : `login:${identifier}` };
      await throttle.admit(attempt);
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoy()), body.password);
      if (!user || !passwordOk) throw invalidCredentials();
      await throttle.succeeded(attempt);
      const result = await issueTokens(user, randomUUID());
      deps.activities?.record(activityTexts.signedIn(user.id));
      return result;
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
        await tokenState.familyRevoked(record.familyId);
        logger.warn({ userId: record.userId, familyId: record.familyId }, 'refresh token reuse: family revoked');
      }
      throw new UnauthorizedError('Invalid refresh token');
    },

    /** Ends this login: its refresh tokens, and (on the next request) its access tokens. */
    async logout(identity: AccessTokenIdentity): Promise<void> {
      await refreshTokens.revokeFamily(identity.familyId, new Date());
      await tokenState.familyRevoked(identity.familyId);
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
      // A new password ends every access token of the user's, the changer's own included: the
      // version is per user, and a stolen copy of this very token is what a password change is
      // often for. The changer's login (refresh token) is kept, so their client refreshes once
      // without asking for the password again; every other login must sign in.
      const result = await users.update(
        user.id,
        { ...profile, ...(passwordHash ? { passwordHash } : {}) },
        { endSessions: passwordHash !== undefined },
      );
      if (!result) throw new UnauthorizedError('This account no longer exists');
      if (result.sessionsEnded) await tokenState.userChanged(user.id);
      await deps.profileChanged?.(user.id);
      if (passwordHash) await refreshTokens.revokeOtherFamilies(user.id, identity.familyId, new Date());
      return toUserView(result.user, identity);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
