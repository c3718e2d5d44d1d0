import type pg from 'pg';

/** A statement's timeout is a multiple of this (below it, the time left as it is). */
const timeoutStepMs = 100;

/**
 * Runs one statement on a pooled connection whose `statement_timeout` ends it before `timeoutMs`
 * has passed: a group commit's waiting requests are refused at their deadline, and the server
 * cancels the commit by then, so none is told no about a row that lands. The timeout is rounded
 * down to a step and set only when the connection's differs, so the statement is usually its one
 * round trip; it may be cancelled at most one step early. A connection whose statement failed is
 * discarded, not reused (it may be mid-way through anything).
 */
export function createDeadlineStatements(pool: pg.Pool) {
  const timeouts = new WeakMap<pg.PoolClient, number>();
  return async function runBefore<T>(timeoutMs: number, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    // The deadline is absolute: time spent waiting for a connection (a new one after a lost one)
    // comes off the statement's timeout, or a commit could land after its requests were refused.
    const deadline = Date.now() + timeoutMs;
    const client = await pool.connect();
    try {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('the deadline passed while waiting for a connection; nothing was run');
      const timeout = Math.max(1, Math.floor(left / timeoutStepMs) * timeoutStepMs || Math.floor(left));
      if (timeouts.get(client) !== timeout) {
        await client.query(`SET statement_timeout = ${timeout}`);
        timeouts.set(client, timeout);
      }
      const result = await run(client);
      client.release();
      return result;
    } catch (error) {
      timeouts.delete(client);
      client.release(true);
      throw error;
    }
  };
}
