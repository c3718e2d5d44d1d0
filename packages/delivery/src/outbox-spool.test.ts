import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOutboxSpool } from './outbox-spool.ts';

const itemSchema = z.object({ key: z.string(), value: z.number() });

describe('outbox spool', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  function spoolIn() {
    const directory = mkdtempSync(join(tmpdir(), 'showfloor-spool-unit-'));
    directories.push(directory);
    return { directory, spool: createOutboxSpool({ directory, nodeId: 'node:1', logger: pino({ level: 'silent' }) }) };
  }

  it('gives back what it saved, once', async () => {
    const { spool } = spoolIn();
    await spool.save('session-totals', [{ key: 'a', value: 1 }]);
    expect(await spool.take('session-totals', itemSchema)).toEqual([{ key: 'a', value: 1 }]);
    expect(await spool.take('session-totals', itemSchema)).toEqual([]);
  });

  it('sets aside a file that is not JSON instead of failing the start', async () => {
    const { directory, spool } = spoolIn();
    writeFileSync(join(directory, 'node_1.session-totals.json'), '[{"key":"a","val');
    expect(await spool.take('session-totals', itemSchema)).toEqual([]);
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^node_1\.session-totals\.json\.invalid-\d+$/)]);
  });
});
