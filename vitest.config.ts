import { configDefaults, defineConfig } from 'vitest/config';

// One PostgreSQL per project that needs it, migrated once into a template each file clones.
const withDatabase = ['packages/testing/src/database/global-setup.ts'];

export default defineConfig({
  test: {
    // Two cores: two files at a time across all projects, each in its own process.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // `vitest run --project <name>` runs one (pnpm test:unit, test:db, test:api, test:realtime).
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure logic and single processes: no database, no network beyond loopback.
          include: [
            'apps/*/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'packages/db/test/**'],
        },
      },
      {
        extends: true,
        test: { name: 'db', include: ['packages/db/test/**/*.test.ts'], globalSetup: withDatabase },
      },
      {
        extends: true,
        test: { name: 'api', include: ['apps/api/test/**/*.test.ts'], globalSetup: withDatabase },
      },
      {
        extends: true,
        test: { name: 'realtime', include: ['apps/realtime/test/**/*.test.ts'], globalSetup: withDatabase },
      },
      {
        extends: true,
        test: {
          // Real Chromium against the real services; one production build of the web app first.
          name: 'browser',
          include: ['apps/web/test/**/*.browser.test.ts'],
          globalSetup: [...withDatabase, 'apps/web/test/support/build-web.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
