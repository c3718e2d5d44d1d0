// Generates the Prisma client offline. `prisma generate` never runs the schema engine, but the
// CLI insists the engine binary exists; when none was downloaded we point it at any real file.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';

const result = spawnSync('pnpm', ['exec', 'prisma', 'generate', '--config', 'prisma.config.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
