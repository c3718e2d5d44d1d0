import { randomUUID } from 'node:crypto';
import type { UserRole } from '@showfloor/contracts';
import { hashPassword } from '../../src/modules/auth/password-hasher.ts';
import type { TestApi } from './test-api.ts';

export const testPassword = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export interface SignedInUser {
  id: string;
  username: string;
  email: string;
  role: UserRole;
  accessToken: string;
  refreshToken: string;
  /** `{ authorization: 'Bearer …' }` for inject. */
  headers: { authorization: string };
}

/**
 * A user of any role (admins and moderators cannot register themselves), signed in through the
 * real POST /api/auth/login.
 */
export async function signedInUser(api: TestApi, role: UserRole = 'user'): Promise<SignedInUser> {
  passwordHash ??= hashPassword(testPassword);
  const suffix = randomUUID().slice(0, 8);
  const user = await api.db.prisma.user.create({
    data: {
      username: `${role}_${suffix}`,
      email: `${role}-${suffix}@example.test`,
      name: `${role} ${suffix}`,
      role,
      age: 30,
      gender: 'Other',
      passwordHash: await passwordHash,
    },
  });
  const response = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password: testPassword },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const { accessToken, refreshToken } = response.json().data;
  return {
    id: user.id,
    username: user.username as string,
    email: user.email as string,
    role,
    accessToken,
    refreshToken,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}
