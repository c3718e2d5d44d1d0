import { randomUUID } from 'node:crypto';
import { internalKeyHeader, realtimeInternalRoutes } from '@showfloor/contracts';
import { createSession, createUser, testSecrets, waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack, tokenFor } from './support/test-stack.ts';

describe('GET /internal/sessions/watching', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const watching = (sessionIds: string, key: string | null = testSecrets.internalApiKey) =>
    fetch(`${stack.realtime.url}${realtimeInternalRoutes.watchingNow}?sessionIds=${sessionIds}`, {
      headers: key === null ? {} : { [internalKeyHeader]: key },
    });

  it('answers how many watch each session now, in one read: subscribers only, nobody for an untracked one', async () => {
    const creator = await createUser(stack.db.prisma, { role: 'creator' });
    const busy = await createSession(stack.db.prisma, { creatorId: creator.id });
    const quiet = await createSession(stack.db.prisma);
    const untracked = randomUUID();
    // The creator's own socket is a publisher: not counted.
    await (await stack.connect({ token: tokenFor(creator.id, 'creator') })).emitWithAck('join-session', busy.id);
    const leaving = await stack.connect({ guestId: randomUUID() });
    for (const socket of [leaving, await stack.connect({ guestId: randomUUID() })])
      await socket.emitWithAck('join-session', busy.id);
    await (await stack.connect()).emitWithAck('join-session', quiet.id);

    const response = await watching(`${busy.id},${quiet.id},${untracked}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      data: { counts: { [busy.id]: 2, [quiet.id]: 1, [untracked]: 0 } },
    });

    leaving.disconnect();
    await waitFor(
      async () =>
        ((await (await watching(busy.id)).json()) as { data: { counts: Record<string, number> } }).data.counts[
          busy.id
        ] === 1,
      { what: 'the guest who left to stop counting' },
    );
  });

  it('refuses a missing or wrong key, and more than 100 ids or one that is not a uuid', async () => {
    const id = randomUUID();
    expect((await watching(id, null)).status).toBe(401);
    expect((await watching(id, 'not-the-key')).status).toBe(401);

    const tooMany = Array.from({ length: 101 }, () => randomUUID()).join(',');
    expect((await watching(tooMany)).status).toBe(400);
    expect((await watching(Array.from({ length: 100 }, () => randomUUID()).join(','))).status).toBe(200);
    expect((await watching(`${id},nope`)).status).toBe(400);
    expect((await watching('')).status).toBe(400);
  });
});
