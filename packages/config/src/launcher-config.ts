import { z } from 'zod';
import { booleanField, portField } from './env-fields.ts';
import { type Env, parseEnv } from './env-parser.ts';

/** Variables read only by `pnpm start`, the all-in-one local launcher. */
export const launcherEnvSchema = z.object({
  /** When set, use this PostgreSQL and start no embedded one. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  EMBEDDED_PG_PORT: portField.default(5433),
  EMBEDDED_PG_DATA_DIR: z.string().default('.data/postgres'),
  SEED_DEMO_DATA: booleanField.default(true),
});

export type LauncherConfig = z.output<typeof launcherEnvSchema>;

export function loadLauncherConfig(env: Env = process.env): LauncherConfig {
  return parseEnv(launcherEnvSchema, env);
}
