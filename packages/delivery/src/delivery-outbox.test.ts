import { ManualClock } from '@showfloor/testing';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.ts';
import { DeliveryOutbox } from './delivery-outbox.ts';

interface Item {
  key: string;
  value: number | string;
}

interface LogLine {
  level: number;
  outbox?: string;
  reason?: string;
  keys?: string[];
}

function outboxWith(
  deliver: (items: Item[]) => Promise<void>,
  options: { maxItems?: number; maxBatchSize?: number; maxBatchBytes?: number; batchDelayMs?: number } = {},
) {
  const clock = new ManualClock(0);
  const logs: LogLine[] = [];
  const outbox = new DeliveryOutbox<Item>({
    name: 'test',
    keyOf: (item) => item.key,
    deliver,
    maxItems: options.maxItems ?? 10,
    maxBatchSize: options.maxBatchSize ?? 100,
    maxBatchBytes: options.maxBatchBytes ?? 1_000_000,
    batchDelayMs: options.batchDelayMs ?? 0,
    backoff: { baseMs: 100, maxMs: 1_000 },
    clock,
    logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
  });
  const givenUpLogs = () => logs.filter((line) => line.level === 50 && line.keys !== undefined);
  return { outbox, clock, givenUpLogs };
}

const items = (count: number, value: number | string = 1) =>
  Array.from({ length: count }, (_, index) => ({ key: `k${index}`, value }));

/** The request body an API client would send for a batch. */
const bodyBytes = (batch: Item[]) => Buffer.byteLength(JSON.stringify({ snapshots: batch }));

describe('DeliveryOutbox', () => {
  it('retries with back-off until the receiver accepts, then delivers once', async () => {
    const received: Item[][] = [];
    let apiUp = false;
    const { outbox, clock } = outboxWith(async (batch) => {
      if (!apiUp) throw new DeliveryError('down', true);
      received.push(batch);
    });
    outbox.enqueue([{ key: 'a', value: 1 }]);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 1, failedAttempts: 1 });
    apiUp = true;
    await clock.advance(1_000);
    await outbox.drain();
    expect(received).toEqual([[{ key: 'a', value: 1 }]]);
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 1 });
  });

  it('replaces an undelivered item with a newer copy of the same key instead of queueing both', async () => {
    const received: Item[][] = [];
    let apiUp = false;
    const { outbox, clock } = outboxWith(async (batch) => {
      if (!apiUp) throw new DeliveryError('down', true);
      received.push(batch);
    });
    outbox.enqueue([{ key: 'totals', value: 1 }]);
    await outbox.drain();
    outbox.enqueue([{ key: 'totals', value: 2 }]);
    apiUp = true;
    await clock.advance(1_000);
    await outbox.drain();
    expect(received).toEqual([[{ key: 'totals', value: 2 }]]);
  });

  it('drops the oldest items beyond its bound, counts them and logs their keys', async () => {
    const { outbox, givenUpLogs } = outboxWith(
      async () => {
        throw new DeliveryError('down', true);
      },
      { maxItems: 3 },
    );
    outbox.enqueue([1, 2, 3, 4, 5].map((value) => ({ key: `k${value}`, value })));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 3, givenUp: { bufferFull: 2, refused: 0, tooLarge: 0 } });
    expect(givenUpLogs()).toEqual([
      expect.objectContaining({ outbox: 'test', reason: 'buffer_full', keys: ['k1', 'k2'] }),
    ]);
  });

  it('gives up on a single item the receiver refuses as invalid, counting it as refused', async () => {
    const { outbox } = outboxWith(async () => {
      throw new DeliveryError('bad', false, 400);
    });
    outbox.enqueue([{ key: 'a', value: 1 }]);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 0, givenUp: { refused: 1 } });
    expect(outbox.givenUpCount()).toBe(1);
  });

  it('cuts batches by serialized size so no request body exceeds the limit', async () => {
    const received: Item[][] = [];
    const { outbox } = outboxWith(async (batch) => void received.push(batch), {
      maxItems: 1_000,
      maxBatchBytes: 1_000,
    });
    // ~60 bytes each: 300 items would be ~18 KB in one count-only batch of 100.
    outbox.enqueue(items(300, 'x'.repeat(30)));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 300 });
    expect(received.length).toBeGreaterThan(1);
    for (const batch of received) expect(bodyBytes(batch)).toBeLessThanOrEqual(1_000);
  });

  it('sends an item that exactly fills a request on its own', async () => {
    const received: Item[][] = [];
    const { outbox } = outboxWith(async (batch) => void received.push(batch), { maxBatchBytes: 200 });
    const filler = { key: 'k', value: '' };
    // 64 bytes of room for the envelope leave 136 for the item.
    filler.value = 'x'.repeat(136 - Buffer.byteLength(JSON.stringify(filler)));
    outbox.enqueue([filler, { key: 'next', value: 1 }]);
    await outbox.drain();
    expect(received).toEqual([[filler], [{ key: 'next', value: 1 }]]);
  });

  it('gives up an item larger than any request may be, without holding back the others', async () => {
    const received: Item[][] = [];
    const { outbox, givenUpLogs } = outboxWith(async (batch) => void received.push(batch), { maxBatchBytes: 1_000 });
    outbox.enqueue([
      { key: 'small-1', value: 1 },
      { key: 'huge', value: 'x'.repeat(2_000) },
      { key: 'small-2', value: 2 },
    ]);
    await outbox.drain();
    expect(received.flat().map((item) => item.key)).toEqual(['small-1', 'small-2']);
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 2, givenUp: { tooLarge: 1 } });
    expect(givenUpLogs()).toEqual([expect.objectContaining({ reason: 'too_large', keys: ['huge'] })]);
  });

  it('splits a batch the receiver answers 413 for in halves and resends them until all are delivered', async () => {
    const received: Item[][] = [];
    const apiLimit = 400; // an API whose limit is far smaller than the outbox assumes
    const { outbox } = outboxWith(
      async (batch) => {
        if (bodyBytes(batch) > apiLimit) throw new DeliveryError('too large', false, 413);
        received.push(batch);
      },
      { maxItems: 100 },
    );
    outbox.enqueue(items(40));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 40, givenUp: { tooLarge: 0 } });
    expect(received.flat().map((item) => item.key)).toEqual(items(40).map((item) => item.key));
  });

  it('gives up only the item the receiver answers 413 for on its own', async () => {
    const { outbox, givenUpLogs } = outboxWith(async (batch) => {
      if (batch.some((item) => item.key === 'huge')) throw new DeliveryError('too large', false, 413);
    });
    outbox.enqueue([...items(5), { key: 'huge', value: 'x' }, ...items(9).slice(5)]);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 9, givenUp: { tooLarge: 1, refused: 0 } });
    expect(givenUpLogs()).toEqual([expect.objectContaining({ reason: 'too_large', keys: ['huge'] })]);
  });

  it('isolates the items the receiver refuses by bisecting, and delivers all the others', async () => {
    const received: Item[] = [];
    let calls = 0;
    const refusedKeys = new Set(['k13', 'k40']);
    const { outbox, givenUpLogs } = outboxWith(
      async (batch) => {
        calls += 1;
        if (batch.some((item) => refusedKeys.has(item.key))) throw new DeliveryError('invalid', false, 400);
        received.push(...batch);
      },
      { maxItems: 100 },
    );
    outbox.enqueue(items(64));
    await outbox.drain();
    expect(received).toHaveLength(62);
    expect(received.map((item) => item.key)).not.toContain('k13');
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 62, givenUp: { refused: 2 } });
    expect(givenUpLogs().flatMap((line) => line.keys)).toEqual(['k13', 'k40']);
    // Two refused items among 64: a path of halvings to each, not one request per item.
    expect(calls).toBeLessThanOrEqual(1 + 2 * 2 * Math.log2(64));
  });

  it('keeps everything and retries when the receiver refuses the caller rather than the items', async () => {
    let key = 'wrong';
    const { outbox, clock } = outboxWith(async () => {
      if (key === 'wrong') throw new DeliveryError('unauthorized', false, 401);
    });
    outbox.enqueue(items(5));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 5, givenUp: { refused: 0 }, failedAttempts: 1 });
    key = 'right';
    await clock.advance(1_000);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 5 });
  });

  it('keeps the rest of a bisected batch pending when the receiver goes down halfway', async () => {
    let apiDown = false;
    const { outbox, clock } = outboxWith(
      async (batch) => {
        if (batch.some((item) => item.key === 'k1')) throw new DeliveryError('invalid', false, 400);
        if (batch.some((item) => item.key === 'k4') && !apiDown) {
          apiDown = true; // goes down just as the second half is sent
          throw new DeliveryError('down', true);
        }
      },
      { maxItems: 100 },
    );
    outbox.enqueue(items(8));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 4, delivered: 3, givenUp: { refused: 1 }, failedAttempts: 1 });
    await clock.advance(1_000);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, delivered: 7, givenUp: { refused: 1 } });
  });

  describe('whenDelivered', () => {
    it('sends at once, without waiting out the batch delay, and answers true once the keys are delivered', async () => {
      const received: Item[][] = [];
      const { outbox } = outboxWith(async (batch) => void received.push(batch), { batchDelayMs: 60_000 });
      outbox.enqueue([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]);
      expect(received).toEqual([]);
      // The manual clock never reaches the 60 s batch delay here.
      expect(await outbox.whenDelivered(['a'], 5_000)).toBe(true);
      expect(received.flat().map((item) => item.key)).toEqual(['a', 'b']);
    });

    it('answers true at once when none of the keys is pending', async () => {
      const { outbox } = outboxWith(async () => {});
      expect(await outbox.whenDelivered(['never-enqueued'], 1_000)).toBe(true);
    });

    it('answers false when the timeout passes with the receiver down, and the item stays pending', async () => {
      const { outbox, clock } = outboxWith(async () => {
        throw new DeliveryError('down', true);
      });
      outbox.enqueue([{ key: 'a', value: 1 }]);
      const answer = outbox.whenDelivered(['a'], 2_000);
      await clock.advance(2_000);
      expect(await answer).toBe(false);
      expect(outbox.getStats().pending).toBe(1);
    });

    it('answers false when one of the keys is given up', async () => {
      const { outbox } = outboxWith(async (batch) => {
        if (batch.some((item) => item.key === 'bad')) throw new DeliveryError('invalid', false, 400);
      });
      outbox.enqueue([
        { key: 'good', value: 1 },
        { key: 'bad', value: 2 },
      ]);
      expect(await outbox.whenDelivered(['good', 'bad'], 5_000)).toBe(false);
      expect(outbox.getStats()).toMatchObject({ delivered: 1, givenUp: { refused: 1 } });
    });

    it('waits for a newer copy enqueued while the older one was in flight', async () => {
      const received: Item[] = [];
      let release: (() => void) | undefined;
      const { outbox } = outboxWith(async (batch) => {
        if (received.length === 0) await new Promise<void>((resolve) => (release = resolve));
        received.push(...batch);
      });
      outbox.enqueue([{ key: 'totals', value: 1 }]);
      const answer = outbox.whenDelivered(['totals'], 5_000);
      outbox.enqueue([{ key: 'totals', value: 2 }]);
      release?.();
      expect(await answer).toBe(true);
      expect(received).toEqual([
        { key: 'totals', value: 1 },
        { key: 'totals', value: 2 },
      ]);
    });
  });
});
