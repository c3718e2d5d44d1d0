import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@showfloor/testing';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import { createDeliveryPipeline, defineOutbox } from './delivery-pipeline.ts';

const recordSchema = z.object({ id: z.string(), value: z.number() });
const totalSchema = z.object({ sessionId: z.string(), total: z.number() });

function deps(spoolDir?: string) {
  return {
    config: {
      API_BODY_LIMIT_BYTES: 1_000_000,
      RETRY_BASE_MS: 100,
      RETRY_MAX_MS: 1_000,
      SPOOL_DIR: spoolDir,
      NODE_ID: 'node-a',
    },
    clock: new ManualClock(0),
    logger: pino({ level: 'silent' }),
  };
}

/** Two streams of data, each one entry; totals wait for the records gathered before them. */
function definitions(deliver: { records(items: unknown[]): Promise<void>; totals(items: unknown[]): Promise<void> }) {
  return {
    records: defineOutbox({
      name: 'records',
      healthKey: 'recordsOutbox',
      schema: recordSchema,
      keyOf: (record) => record.id,
      deliver: (items) => deliver.records(items),
      bound: 100,
      batchDelayMs: 1_000,
    }),
    totals: defineOutbox({
      name: 'totals',
      healthKey: 'totalsOutbox',
      schema: totalSchema,
      keyOf: (totals) => totals.sessionId,
      deliver: (items) => deliver.totals(items),
      bound: 100,
      after: ['records'],
    }),
  };
}

describe('createDeliveryPipeline', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('gives every definition its outbox, reports each under its health key, and delivers prerequisites first', async () => {
    const sent: string[] = [];
    const pipeline = createDeliveryPipeline(
      definitions({
        records: async (items) => void sent.push(`records:${items.length}`),
        totals: async (items) => void sent.push(`totals:${items.length}`),
      }),
      deps(),
    );
    // The records wait out their batch delay; the totals must not overtake them.
    pipeline.records.enqueue([
      { id: 'r1', value: 1 },
      { id: 'r2', value: 2 },
    ]);
    pipeline.totals.enqueue([{ sessionId: 's1', total: 3 }]);
    await pipeline.totals.drain();
    expect(sent).toEqual(['records:2', 'totals:1']);
    const stats = pipeline.stats();
    expect(stats).toMatchObject({ pending: 0, givenUp: 0 });
    expect(stats.outboxes.recordsOutbox).toMatchObject({ delivered: 2, pending: 0 });
    expect(stats.outboxes.totalsOutbox).toMatchObject({ delivered: 1, pending: 0 });
  });

  it('spools what it could not deliver at shutdown; the next start takes it back and delivers it', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'showfloor-pipeline-unit-'));
    directories.push(spoolDir);
    const down = async () => {
      throw new ApiRequestError('down', true);
    };
    const before = createDeliveryPipeline(definitions({ records: down, totals: down }), deps(spoolDir));
    before.records.enqueue([{ id: 'r1', value: 1 }]);
    before.totals.enqueue([{ sessionId: 's1', total: 3 }]);
    await before.flushAndSpool(0);

    const received: unknown[] = [];
    const after = createDeliveryPipeline(
      definitions({
        records: async (items) => void received.push(...items),
        totals: async (items) => void received.push(...items),
      }),
      deps(spoolDir),
    );
    await after.restore();
    expect(after.stats().pending).toBe(2);
    await after.totals.drain();
    expect(received).toEqual([
      { id: 'r1', value: 1 },
      { sessionId: 's1', total: 3 },
    ]);
  });

  it('refuses an outbox that waits on one not defined before it', () => {
    const orphan = defineOutbox({
      name: 'orphan',
      healthKey: 'orphanOutbox',
      schema: totalSchema,
      keyOf: (totals) => totals.sessionId,
      deliver: async () => {},
      bound: 10,
      after: ['missing'],
    });
    expect(() => createDeliveryPipeline({ orphan }, deps())).toThrow(/waits on missing/);
  });
});
