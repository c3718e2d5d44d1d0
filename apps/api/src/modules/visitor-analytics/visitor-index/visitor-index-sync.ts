import type { PgPool, PgPoolClient } from '@showfloor/db';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { startRecurringJob } from '../../../shared/recurring-job.ts';
import { dayMs } from './pageview-chunks.ts';
import type { VisitorIndexSource } from './visitor-index.repository.ts';
import { type SessionRow, VisitorIndex, type VisitorIndexStats } from './visitor-index.ts';

/*
 * Keeps a VisitorIndex equal to PostgreSQL's visitor history. At start it loads the newest whole
 * days that fit (sessions first, then their pageviews with their session's and visitor's numbers)
 * as of the highest event `seq`; from then on it reads the events after the last seq it
 * applied, each with its session's current row (migration 20261208000000_visitor_index_tail: writers
 * commit in seq order, so nothing is skipped). A read asks for `fresh` first, so it sees every
 * event committed before it began; a timer does the same every `syncIntervalMs` so reads rarely
 * wait, and gives up days past retention (the retention job drops them from PostgreSQL).
 */

export interface VisitorIndexSyncOptions {
  pool: PgPool;
  /** VISITOR_INDEX_MAX_PAGEVIEWS: the newest whole days up to this many pageviews are held. */
  maxPageviews: number;
  /** VISITOR_EVENTS_RETENTION_DAYS: days before it are not held (the retention job drops them). */
  retentionDays: number;
  syncIntervalMs: number;
  /**
   * How long a read waits for the index to catch up before it reads PostgreSQL instead (a write
   * holding the sessions table, a slow server): at most half the read's own deadline.
   */
  freshWaitMs: number;
  logger: Logger;
  clock?: Clock;
}

export type VisitorIndexState = 'loading' | 'ready' | 'failed';

export interface VisitorIndexHealth extends VisitorIndexStats {
  state: VisitorIndexState;
  /** How long the start-up load took (null until it finished). */
  loadMs: number | null;
}

const pageRows = 50_000;
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
const sessionColumns = `s.ordinal::float8, s.site, ${ms('s.started_at')}, ${ms('s.ended_at')}, s.pageviews,
  s.entry_page, s.exit_page, s.referrer, s.country, s.device, s.browser, s.os`;

/** A query's rows as arrays (no object per row: the load reads millions). */
async function arrayRows<Row extends unknown[]>(
  queryable: PgPool | PgPoolClient,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  return (await queryable.query<Row>({ text, values, rowMode: 'array' })).rows;
}

type SessionValues = [number, string, number, number, number, ...(string | null)[]];

function sessionRow(values: SessionValues): SessionRow {
  const [ordinal, site, startedAt, endedAt, pageviews, entryPage, exitPage, referrer, country, device, browser, os] =
    values;
  return {
    ordinal,
    site,
    startedAt,
    endedAt,
    pageviews,
    entryPage: entryPage ?? null,
    exitPage: exitPage ?? null,
    referrer: referrer ?? null,
    country: country ?? null,
    device: device ?? null,
    browser: browser ?? null,
    os: os ?? null,
  };
}

export function startVisitorIndexSync(options: VisitorIndexSyncOptions): VisitorIndexSource & {
  health(): VisitorIndexHealth;
  stop(): Promise<void>;
} {
  const { pool, logger } = options;
  // Replaced by each start-up load, so a load that failed half-way leaves nothing behind.
  let index = new VisitorIndex(options.maxPageviews);
  const clock = options.clock ?? systemClock;
  let state: VisitorIndexState = 'loading';
  let loadMs: number | null = null;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const retentionCutoff = () => Math.floor(clock.now() / dayMs) * dayMs - options.retentionDays * dayMs;

  /**
   * The start-up load, in one read-only snapshot: the highest seq, the days' sizes, the sessions,
   * then the pageviews, the last two through cursors (one hash join for the whole range rather
   * than one per page, and never all rows in memory at once).
   */
  async function load(): Promise<void> {
    const started = clock.now();
    const loading = new VisitorIndex(options.maxPageviews);
    const client = await pool.connect();
    const rows = <Row extends unknown[]>(text: string, values?: unknown[]) => arrayRows<Row>(client, text, values);
    /** Every row of `select`, `pageRows` at a time. */
    async function eachRow<Row extends unknown[]>(select: string, apply: (row: Row) => void): Promise<void> {
      await client.query(`DECLARE index_load NO SCROLL CURSOR FOR ${select}`);
      for (;;) {
        const page = await rows<Row>(`FETCH ${pageRows} FROM index_load`);
        for (const row of page) apply(row);
        if (page.length < pageRows) break;
      }
      await client.query('CLOSE index_load');
    }
    let seq = 0;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Plan the cursors for all their rows (hash joins), not for the first few.
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      [[seq]] = (await rows<[number]>('SELECT coalesce(max(seq), 0)::float8 FROM visitor_events')) as [[number]];
      const cutoff = retentionCutoff();
      const days = await rows<[number, number]>(
        `SELECT ${ms(`date_trunc('day', occurred_at, 'UTC')`)} AS day, count(*)::float8
         FROM visitor_events WHERE name = 'pageview' AND occurred_at >= to_timestamp($1 / 1000.0)
         GROUP BY 1 ORDER BY 1 DESC`,
        [cutoff],
      );
      // Newest days first, while they fit.
      let coveredFrom = cutoff;
      let held = 0;
      for (const [day, pageviews] of days) {
        if (held + pageviews > loading.maxPageviews) {
          coveredFrom = day + dayMs;
          break;
        }
        held += pageviews;
      }
      loading.coverFrom(coveredFrom);
      const since = `to_timestamp(${Number(coveredFrom)} / 1000.0)`;
      // Every session a held pageview belongs to ended at or after it; in ordinal order, as they arrive.
      await eachRow<SessionValues>(
        `SELECT ${sessionColumns} FROM visitor_sessions s WHERE s.ended_at >= ${since} ORDER BY s.ordinal`,
        (values) => loading.applySession(sessionRow(values)),
      );
      await eachRow<[number, string, number, number]>(
        `SELECT ${ms('e.occurred_at')}, e.page, o.ordinal, s.ordinal::float8
         FROM visitor_events e
         JOIN visitor_sessions s ON s.site = e.site AND s.session_id = e.session_id
         JOIN visitor_ordinals o ON o.visitor_id = e.visitor_id
         WHERE e.occurred_at >= ${since} AND e.name = 'pageview'`,
        ([at, pagePath, visitor, session]) => {
          const slot = loading.sessions.slotOf(session);
          if (slot !== undefined) loading.applyPageview(slot, pagePath, visitor, at);
        },
      );
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      client.release(true);
      throw error;
    }
    loading.seq = seq;
    loading.sortClosedDays(clock.now());
    index = loading;
    loadMs = clock.now() - started;
    logger.info({ ...index.stats(), loadMs }, 'visitor index loaded');
  }

  /** Applies every event after `index.seq`, then gives up what retention and the bound say. */
  async function tail(): Promise<void> {
    for (;;) {
      const page = await arrayRows<[number, number, boolean, string, number | null, ...SessionValues]>(
        pool,
        // Each event's session and visitor looked up by key (LATERAL … LIMIT 1 keeps them lookups):
        // as plain joins the planner hashes all of visitor_sessions for a few new events (0.65 s
        // for 5,000 events at 1.8 M sessions, against 0.04 s this way, warm).
        `SELECT e.seq::float8, ${ms('e.occurred_at')}, e.name = 'pageview', e.page, o.ordinal, ${sessionColumns}
         FROM (SELECT seq, occurred_at, name, page, site, session_id, visitor_id FROM visitor_events
               WHERE seq > $1 ORDER BY seq LIMIT ${pageRows}) e
         LEFT JOIN LATERAL (
           SELECT * FROM visitor_sessions s WHERE s.site = e.site AND s.session_id = e.session_id LIMIT 1
         ) s ON true
         LEFT JOIN LATERAL (SELECT o.ordinal FROM visitor_ordinals o WHERE o.visitor_id = e.visitor_id LIMIT 1) o ON true
         ORDER BY e.seq`,
        [index.seq],
      );
      // Every row of a session carries the same current row of it (one snapshot): applied once.
      const slots = new Map<number, number>();
      for (const [seq, at, pageview, pagePath, visitor, ...session] of page) {
        index.seq = seq;
        // A session retention deleted has no pageview that any held day could count.
        if (session[0] === null) continue;
        const ordinal = session[0] as number;
        let slot = slots.get(ordinal);
        if (slot === undefined) {
          slot = index.applySession(sessionRow(session as SessionValues));
          slots.set(ordinal, slot);
        }
        if (pageview && visitor !== null) index.applyPageview(slot, pagePath, visitor, at);
      }
      if (page.length < pageRows) break;
    }
    index.prune(retentionCutoff());
    index.sortClosedDays(clock.now());
  }

  async function step(): Promise<void> {
    if (state !== 'ready') {
      await load();
      state = 'ready';
    }
    await tail();
  }

  /** One step at a time; a caller waits for a step that began after it asked. */
  function stepAfterNow(): Promise<void> {
    if (running === undefined) {
      running = step().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return stepAfterNow();
      });
    return queued;
  }

  const job = startRecurringJob({
    run: () => stepAfterNow(),
    defaultArgs: () => [] as [],
    intervalMs: options.syncIntervalMs,
    clock,
    onError(error) {
      if (state === 'loading') state = 'failed';
      logger.error({ err: error, state }, 'visitor index could not follow the history; reads use PostgreSQL meanwhile');
    },
  });

  return {
    get index() {
      return index;
    },
    async fresh() {
      if (state !== 'ready') return false;
      let timer: unknown;
      const late = new Promise<false>((resolve) => {
        timer = clock.setTimeout(() => resolve(false), options.freshWaitMs);
      });
      try {
        // A failure is logged by the job's next run; the caller reads PostgreSQL instead.
        return await Promise.race([
          stepAfterNow().then(
            () => true,
            () => false,
          ),
          late,
        ]);
      } finally {
        clock.clearTimeout(timer);
      }
    },
    health: () => ({ state, loadMs, ...index.stats() }),
    async stop() {
      await job.stop();
      await running?.catch(() => undefined);
    },
  };
}
