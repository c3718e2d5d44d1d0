import { z } from 'zod';
import { textSchema } from './text.ts';
import { timeZoneSchema } from './time-zone.ts';
import {
  ageSchema,
  displayNameSchema,
  emailSchema,
  genderSchema,
  passwordSchema,
  selfAssignableRoleSchema,
  usernameSchema,
  userSchema,
} from './users.ts';

export const registerBodySchema = z
  .object({
    name: displayNameSchema.optional(),
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    password: passwordSchema,
    role: selfAssignableRoleSchema.optional(),
    age: ageSchema.optional(),
    gender: genderSchema.optional(),
    timeZone: timeZoneSchema.optional(),
  })
  .strict()
  .refine((body) => body.email !== undefined || body.username !== undefined, {
    path: ['email'],
    message: 'email or username is required',
  });
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const loginBodySchema = z
  .object({
    email: textSchema().max(254).optional(),
    username: textSchema().max(64).optional(),
    password: textSchema().min(1).max(128),
  })
  .strict()
  .refine((body) => body.email !== undefined || body.username !== undefined, {
    path: ['email'],
    message: 'email or username is required',
  });
export type LoginBody = z.infer<typeof loginBodySchema>;

/**
 * POST /api/auth/refresh-token: `refreshToken` in the body (seed 003's clients), or no body at all
 * (`{}` or nothing) — the web app's browser then sends the refresh token as the httpOnly cookie,
 * which no script on the page can read.
 */
export const refreshBodySchema = z
  .object({ refreshToken: textSchema().min(16).max(256).optional() })
  .strict()
  // Fastify hands a request without a body to validation as null.
  .nullish();
export type RefreshBody = z.infer<typeof refreshBodySchema>;

/** POST /api/auth/update: changing the password needs the current one; role never changes here. */
export const updateMeBodySchema = z
  .object({
    name: displayNameSchema.nullable().optional(),
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    password: passwordSchema.optional(),
    currentPassword: textSchema().min(1).max(128).optional(),
    age: ageSchema.nullable().optional(),
    gender: genderSchema.nullable().optional(),
    /** The zone your streaks and weeks are counted in; null goes back to UTC. */
    timeZone: timeZoneSchema.nullable().optional(),
  })
  .strict()
  .refine((body) => body.password === undefined || body.currentPassword !== undefined, {
    path: ['currentPassword'],
    message: 'required to change the password',
  });
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

export const authResultSchema = z.object({
  user: userSchema,
  accessToken: z.string(),
  /** Seed 004's name for the access token. */
  token: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});
export type AuthResult = z.infer<typeof authResultSchema>;
