import { createLogger } from '@showfloor/server-kit';
import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import { DeliveryOutbox } from './delivery-outbox.ts';

interface Item {
  key: string;
  value: number;
}

function outboxWith(deliver: (items: Item[]) => Promise<void>, maxItems = 10) {
  const clock = new ManualClock(0);
  const outbox = new DeliveryOutbox<Item>({
    name: 'test',
    keyOf: (item) => item.key,
    deliver,
    maxItems,
    maxBatchSize: 100,
    backoff: { baseMs: 100, maxMs: 1_000 },
    clock,
    logger: createLogger({ name: 'outbox-test', level: 'silent' }),
  });
  return { outbox, clock };
}

describe('DeliveryOutbox', () => {
  it('retries with back-off until the API accepts, then delivers once', async () => {
    const received: Item[][] = [];
    let apiUp = false;
    const { outbox, clock } = outboxWith(async (items) => {
      if (!apiUp) throw new ApiRequestError('down', true);
      received.push(items);
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
    const { outbox, clock } = outboxWith(async (items) => {
      if (!apiUp) throw new ApiRequestError('down', true);
      received.push(items);
    });
    outbox.enqueue([{ key: 'totals', value: 1 }]);
    await outbox.drain();
    outbox.enqueue([{ key: 'totals', value: 2 }]);
    apiUp = true;
    await clock.advance(1_000);
    await outbox.drain();
    expect(received).toEqual([[{ key: 'totals', value: 2 }]]);
  });

  it('drops the oldest items beyond its bound, and counts them', async () => {
    const { outbox } = outboxWith(async () => {
      throw new ApiRequestError('down', true);
    }, 3);
    outbox.enqueue([1, 2, 3, 4, 5].map((value) => ({ key: `k${value}`, value })));
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 3, dropped: 2 });
  });

  it('gives up on a delivery the API refuses as invalid, counting it as rejected', async () => {
    const { outbox } = outboxWith(async () => {
      throw new ApiRequestError('bad', false, 400);
    });
    outbox.enqueue([{ key: 'a', value: 1 }]);
    await outbox.drain();
    expect(outbox.getStats()).toMatchObject({ pending: 0, rejected: 1, delivered: 0 });
  });
});
