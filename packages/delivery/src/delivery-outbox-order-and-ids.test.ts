import { createLogger, requestContext } from '@showfloor/server-kit';
import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.ts';
import { DeliveryOutbox } from './delivery-outbox.ts';

interface Item {
  key: string;
  padding?: string;
}

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  reason?: string;
  carries?: string[];
}

/** One item per request, as the API's room pushes are sent; `receiverUp` switches the receiver on and off. */
function orderedOutbox(options: { maxBatchSize?: number; maxItems?: number; maxBatchBytes?: number } = {}) {
  const clock = new ManualClock(0);
  const logs: LogLine[] = [];
  const receiver = {
    up: true,
    /** When set, the next delivery waits for it. */
    hold: undefined as Promise<void> | undefined,
    received: [] as { keys: string[]; requestId: string | undefined }[],
  };
  const outbox = new DeliveryOutbox<Item>({
    name: 'test',
    receiver: 'the test receiver',
    keyOf: (item) => item.key,
    deliver: async (items) => {
      if (!receiver.up) throw new DeliveryError('down', true);
      const hold = receiver.hold;
      receiver.hold = undefined;
      await hold;
      receiver.received.push({ keys: items.map((item) => item.key), requestId: requestContext.currentId() });
    },
    maxItems: options.maxItems ?? 100,
    maxBatchSize: options.maxBatchSize ?? 1,
    maxBatchBytes: options.maxBatchBytes ?? 1_000_000,
    backoff: { baseMs: 100, maxMs: 1_000 },
    clock,
    // The services' logger: it stamps the current call's id on lines that do not name one.
    logger: createLogger({
      name: 'test',
      level: 'info',
      destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
    }),
  });
  return { outbox, clock, receiver, logs };
}

const queue = (outbox: DeliveryOutbox<Item>, ...keys: string[]) => outbox.enqueue(keys.map((key) => ({ key })));

describe('DeliveryOutbox, one item per request', () => {
  it('delivers in the order items were queued, also when they waited out an outage', async () => {
    const { outbox, clock, receiver } = orderedOutbox();
    receiver.up = false;
    queue(outbox, 'pause');
    queue(outbox, 'resume');
    queue(outbox, 'chat');
    await outbox.drain();
    receiver.up = true;
    await clock.advance(1_000);
    await outbox.drain();
    expect(receiver.received.map((request) => request.keys)).toEqual([['pause'], ['resume'], ['chat']]);
  });

  it('is healthy until an attempt fails, and again only once the backlog is gone', async () => {
    const { outbox, clock, receiver } = orderedOutbox();
    expect(outbox.isHealthy()).toBe(true);
    receiver.up = false;
    queue(outbox, 'a', 'b', 'c');
    await outbox.drain();
    expect(outbox.isHealthy()).toBe(false);

    receiver.up = true;
    let healthyWhileBacklog: boolean | undefined;
    const original = receiver.received.push.bind(receiver.received);
    receiver.received.push = (...entries) => {
      if (entries[0]?.keys[0] === 'b') healthyWhileBacklog = outbox.isHealthy();
      return original(...entries);
    };
    await clock.advance(1_000);
    await outbox.drain();
    expect(healthyWhileBacklog, 'while "c" still waits behind "b"').toBe(false);
    expect(outbox.getStats().pending).toBe(0);
    expect(outbox.isHealthy()).toBe(true);
  });
});

describe('whenDelivered until the first failure', () => {
  it('answers false as soon as an attempt fails, long before its timeout, and keeps the item', async () => {
    const { outbox, receiver } = orderedOutbox();
    receiver.up = false;
    queue(outbox, 'pause');
    // The manual clock never moves: only the failed attempt can answer this.
    expect(await outbox.whenDelivered(['pause'], 60_000, { untilFailure: true })).toBe(false);
    expect(outbox.getStats()).toMatchObject({ pending: 1, failedAttempts: 1 });
  });

  it('answers true when the receiver takes it', async () => {
    const { outbox } = orderedOutbox();
    queue(outbox, 'pause');
    expect(await outbox.whenDelivered(['pause'], 60_000, { untilFailure: true })).toBe(true);
  });
});

describe('request ids', () => {
  it('sends an item under the request id it was queued in', async () => {
    const { outbox, receiver } = orderedOutbox();
    requestContext.run('rest-call-1', () => queue(outbox, 'pause'));
    await outbox.whenDelivered(['pause'], 1_000);
    expect(receiver.received).toEqual([{ keys: ['pause'], requestId: 'rest-call-1' }]);
  });

  it('sends a batch of several requests under a new id, and logs the ids it carries', async () => {
    const { outbox, receiver, logs } = orderedOutbox({ maxBatchSize: 10 });
    receiver.up = false;
    requestContext.run('click-1', () => queue(outbox, 'a'));
    requestContext.run('click-2', () => queue(outbox, 'b'));
    await outbox.drain();
    receiver.up = true;
    await outbox.flush(5_000);

    const [batch] = receiver.received;
    expect(batch?.keys).toEqual(['a', 'b']);
    expect(batch?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = logs.find((entry) => entry.reqId === batch?.requestId && entry.carries);
    expect(line?.carries).toEqual(['click-1', 'click-2']);
  });

  it('gives items queued outside any call a fresh id per batch, with no line to log', async () => {
    const { outbox, receiver, logs } = orderedOutbox({ maxBatchSize: 10 });
    queue(outbox, 'snapshot');
    await outbox.whenDelivered(['snapshot'], 1_000);
    expect(receiver.received[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.filter((entry) => entry.carries)).toEqual([]);
  });

  it('names, in a give-up, the request ids its items were queued under', async () => {
    const { outbox, receiver, logs } = orderedOutbox({ maxItems: 2 });
    receiver.up = false;
    requestContext.run('pause-call', () => queue(outbox, 'pause'));
    await outbox.drain();
    requestContext.run('resume-call', () => queue(outbox, 'resume'));
    requestContext.run('chat-call', () => queue(outbox, 'chat'));
    const [dropped] = logs.filter((entry) => entry.reason === 'buffer_full');
    expect(dropped).toMatchObject({ level: 50, carries: ['pause-call'] });
  });

  it('does not stamp the delivery loop with the id of the call that happened to start it', async () => {
    const { outbox, receiver, logs } = orderedOutbox({ maxBatchBytes: 200 });
    let release: () => void = () => {};
    receiver.hold = new Promise<void>((resolve) => (release = resolve));
    requestContext.run('first-call', () => queue(outbox, 'a'));
    // Queued while "a" is in flight, by another call: the loop the first call started picks it up.
    requestContext.run('second-call', () => outbox.enqueue([{ key: 'huge', padding: 'x'.repeat(500) }]));
    release();
    await outbox.drain();
    const [tooLarge] = logs.filter((entry) => entry.reason === 'too_large');
    expect(tooLarge?.carries).toEqual(['second-call']);
    expect(tooLarge?.reqId).not.toBe('first-call');
  });
});

describe('stop', () => {
  it('makes no further attempt and answers its waiters at once', async () => {
    const { outbox, clock, receiver } = orderedOutbox();
    receiver.up = false;
    queue(outbox, 'a');
    const waiting = outbox.whenDelivered(['a'], 60_000);
    await outbox.drain();
    outbox.stop();
    expect(await waiting).toBe(false);
    receiver.up = true;
    queue(outbox, 'b');
    await clock.advance(60_000);
    expect(receiver.received).toEqual([]);
    expect(outbox.pendingItems()).toEqual([{ key: 'a' }, { key: 'b' }]);
    expect(await outbox.whenDelivered(['b'], 60_000)).toBe(false);
  });
});
