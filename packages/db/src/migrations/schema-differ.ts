import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { defaultMigrationsDir, defaultSchemaPath, readMigrationFiles } from './migration-files.ts';
import { applyMigrations } from './migration-runner.ts';

/**
 * Tables the migrations create that schema.prisma does not model: feature analytics' partitioned
 * event table and its rollups (bit strings, written by a SQL function). The differ leaves them be.
 */
export const sqlManagedTables = [
  'public.feature_events',
  'public.feature_click_quarters',
  'public.feature_click_days',
  'public.feature_user_spans',
  'public.feature_user_days',
  'public.visitor_events',
  'public.visitor_sessions',
  'public.visitor_ordinals',
  'public.visitor_minutes',
  'public.visitor_quarter_visitors',
  'public.visitor_hour_visitors',
  'public.visitor_day_visitors',
  'public.visitor_breakdowns',
  'public.visitor_breakdown_stale',
] as const;

export interface DiffMigrationsOptions {
  /** An empty scratch database: the migrations are applied to it, and it is left migrated. */
  databaseUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
  /** Receives the engine's log lines (JSON). */
  onLog?: (line: string) => void;
}

/**
 * Returns the SQL that takes a database built by our migrations to the Prisma schema, or '' when
 * they agree. The Prisma CLI's `migrate diff` needs a native engine we cannot download, so this
 * uses the wasm schema engine through the pg driver adapter.
 *
 * The migrations are applied with our own runner, not the engine's `migrations` diff source: that
 * source replays them in a "shadow database" which @prisma/adapter-pg 7.10 derives by swapping the
 * database name in a pool config, which a connectionString silently overrides, so the replay lands
 * in the main database. Applying them ourselves also checks exactly what `pnpm db:migrate` runs.
 */
export async function diffMigrationsAgainstSchema(options: DiffMigrationsOptions): Promise<string> {
  const schemaPath = resolve(options.schemaPath ?? defaultSchemaPath);
  const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  const engineModule = await importSchemaEngine();

  await assertEmptyDatabase(options.databaseUrl);
  await applyMigrations(options.databaseUrl, readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir));

  const pool = new pg.Pool({ connectionString: options.databaseUrl, Client: CatalogCharClient });
  let engine: SchemaEngine | undefined;
  try {
    engine = await engineModule.SchemaEngine.new(
      { datamodels: files.map((file): [string, string] => [file.path, file.content]) },
      (line: string) => options.onLog?.(line),
      bindMigrationAwareSqlAdapterFactory(engineAdapterFactory(pool)),
    );
    const { stdout } = await engine.diff({
      // `schemaDatasource` introspects the database the adapter is connected to (`url` sources
      // are rejected by the wasm engine); `_prisma_migrations` is ignored by the engine.
      from: { tag: 'schemaDatasource', files, configDir: dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [...sqlManagedTables], externalEnums: [] },
    });
    // In sync, the engine still prints "-- This is an empty migration."; callers test for ''.
    const script = stdout ?? '';
    return hasStatements(script) ? script : '';
  } finally {
    engine?.free();
    await pool.end();
  }
}

/** Creates a throwaway database on the server of `serverUrl`, runs `use` on it, then drops it. */
export async function withScratchDatabase<T>(serverUrl: string, use: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `showfloor_tooling_scratch_${randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  await runQuery(serverUrl, `CREATE DATABASE "${name}"`);
  try {
    return await use(databaseUrl.toString());
  } finally {
    await runQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function importSchemaEngine(): Promise<typeof import('@prisma/schema-engine-wasm')> {
  // The engine hands a Rust panic's message to this global before it traps; without one, all that
  // surfaces is "Cannot read properties of undefined". Prisma Client installs the same handler.
  const panics = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  panics.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      throw new Error(`the Prisma schema engine panicked: ${message}`);
    },
  };
  try {
    return await import('@prisma/schema-engine-wasm');
  } catch (error) {
    // Node 20 only loads the engine's `.wasm` import behind a flag; say so instead of a loader error.
    throw new Error('cannot load @prisma/schema-engine-wasm: run node with --experimental-wasm-modules', {
      cause: error,
    });
  }
}

// The runner would write into whatever it is given; refuse anything but a blank database.
async function assertEmptyDatabase(databaseUrl: string): Promise<void> {
  const { rows } = await runQuery(
    databaseUrl,
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') LIMIT 1`,
  );
  if (rows.length > 0) throw new Error(`the scratch database is not empty (found ${rows[0].name})`);
}

async function runQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

// The engine never needs a shadow database here (see above); fail loudly rather than let the
// adapter create one, or silently reuse the main database.
function engineAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = reportCharColumns(await factory.connect());
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => reportCharColumns(await startTransaction(isolationLevel));
      return adapter;
    },
    connectToShadowDb: () => Promise.reject(new Error('schema-differ does not use a shadow database')),
  };
}

/*
 * The engine's introspection reads pg_catalog columns of PostgreSQL's one-byte `"char"` type (e.g.
 * pg_constraint.contype) and expects them as the driver-adapter `Character` column type, but
 * @prisma/adapter-pg 7.10 rejects that type as unsupported. So the pg client relabels such columns
 * as `text` (pg already returns their values as strings), remembering them by the result's `rows`
 * array, which the adapter passes through; the adapter wrapper then reports them as `Character`.
 */
const pgCharOid = 18;
const pgTextOid = 25;
const charColumnsByRows = new WeakMap<unknown[], number[]>();

class CatalogCharClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        // pg.Pool#query uses the callback form.
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, relabelCharColumns(result));
        return query(...args);
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(relabelCharColumns) : pending;
    }) as pg.Client['query'];
  }
}

function relabelCharColumns<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    const { fields = [], rows } = (one ?? {}) as Partial<pg.QueryResult>;
    const charColumns: number[] = [];
    fields.forEach((field, index) => {
      if (field.dataTypeID !== pgCharOid) return;
      field.dataTypeID = pgTextOid;
      charColumns.push(index);
    });
    if (charColumns.length > 0 && rows) charColumnsByRows.set(rows, charColumns);
  }
  return result;
}

function reportCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}
