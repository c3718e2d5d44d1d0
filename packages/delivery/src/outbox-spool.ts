import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@showfloor/server-kit';
import { z } from 'zod';

/**
 * What the outboxes could not deliver before shutdown, kept on disk so a restart delivers it
 * instead of losing it. One JSON file per node and outbox; written atomically (temp + rename),
 * read back through the outbox's contract schema, and removed once taken.
 */
export function createOutboxSpool(options: { directory: string; nodeId: string; logger: Logger }) {
  const safeNode = options.nodeId.replace(/[^a-zA-Z0-9_.-]/g, '_');
  const fileOf = (outbox: string) => join(options.directory, `${safeNode}.${outbox}.json`);

  return {
    async save<T>(outbox: string, items: T[]): Promise<void> {
      if (items.length === 0) return;
      await mkdir(options.directory, { recursive: true });
      const file = fileOf(outbox);
      await writeFile(`${file}.tmp`, JSON.stringify(items));
      await rename(`${file}.tmp`, file);
      options.logger.warn({ outbox, items: items.length, file }, 'undelivered data spooled to disk for the next start');
    },

    async take<T extends z.ZodType>(outbox: string, itemSchema: T): Promise<z.output<T>[]> {
      const file = fileOf(outbox);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return [];
      }
      const parsed = z.array(itemSchema).safeParse(parseJson(text));
      if (!parsed.success) {
        // Keep the evidence rather than deleting what we cannot read.
        await rename(file, `${file}.invalid-${Date.now()}`);
        options.logger.error({ outbox, file, err: parsed.error }, 'spool file does not match the contract; set aside');
        return [];
      }
      await rm(file, { force: true });
      options.logger.info({ outbox, items: parsed.data.length }, 'spooled data taken back for delivery');
      return parsed.data;
    },
  };
}

export type OutboxSpool = ReturnType<typeof createOutboxSpool>;

/** A file cut short (disk full, a crash mid-write elsewhere) fails validation instead of the start. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
