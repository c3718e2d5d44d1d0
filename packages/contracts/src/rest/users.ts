import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { emailTextSchema, textSchema } from './text.ts';
import { timeZoneSchema } from './time-zone.ts';
import { timestampSchema } from './timestamp.ts';

export const userRoleSchema = z.enum(['user', 'creator', 'moderator', 'admin']);
export type UserRole = z.infer<typeof userRoleSchema>;
/** The only roles anyone can give themselves. */
export const selfAssignableRoleSchema = z.enum(['user', 'creator']);
export const genderSchema = z.enum(['Male', 'Female', 'Other']);
export type Gender = z.infer<typeof genderSchema>;

export const emailSchema = emailTextSchema()
  .max(254)
  .transform((email) => email.toLowerCase());
export const usernameSchema = textSchema()
  .regex(/^[a-zA-Z0-9_.-]{3,64}$/, '3–64 letters, digits, `_`, `.` or `-`')
  .transform((username) => username.toLowerCase());
/** Checked before hashing, so an oversized password costs nothing. */
export const passwordSchema = textSchema().min(8).max(128);
export const displayNameSchema = textSchema().trim().min(1).max(120);
export const ageSchema = z.number().int().min(1).max(120);

/** `/api/users/:userId`. */
export const userIdParamsSchema = z.object({ userId: z.uuid() });

/** What anyone may see of a user. */
export const publicUserSchema = z.object({
  id: z.uuid(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  role: userRoleSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** What the user themself, or an admin, sees. Other people's views leave these fields out. */
export const userSchema = publicUserSchema.extend({
  email: z.string().nullable().optional(),
  age: z.number().int().nullable().optional(),
  gender: genderSchema.nullable().optional(),
  /** The zone engagement stats count days and weeks in (streaks, "this week"): UTC until the user sets one. */
  timeZone: z.string().optional(),
});
export type UserView = z.infer<typeof userSchema>;

export const liveUserSchema = userSchema.extend({
  liveSession: z.object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.literal('live'),
    startedAt: timestampSchema.nullable(),
    agoraChannelName: z.string().nullable(),
  }),
});
export type LiveUserView = z.infer<typeof liveUserSchema>;

/** GET /api/users/live: not paged, so seed 003's top-level `count` lives in `meta` instead. */
export const liveUsersEnvelope = successEnvelope(z.array(liveUserSchema)).extend({
  meta: z.object({ count: z.number().int() }),
});

export const createUserBodySchema = z
  .object({
    name: displayNameSchema.optional(),
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    password: passwordSchema,
    role: userRoleSchema.optional(),
    age: ageSchema.optional(),
    gender: genderSchema.optional(),
  })
  .strict()
  .refine((body) => body.email !== undefined || body.username !== undefined, {
    path: ['email'],
    message: 'email or username is required',
  });
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

/** PUT /api/users/:userId — `role` and `password` are for admins only (checked by the service). */
export const updateUserBodySchema = z
  .object({
    name: displayNameSchema.nullable().optional(),
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    password: passwordSchema.optional(),
    role: userRoleSchema.optional(),
    age: ageSchema.nullable().optional(),
    gender: genderSchema.nullable().optional(),
    /** null goes back to UTC. */
    timeZone: timeZoneSchema.nullable().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
