import { waitFor } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, liveSessionWithProducts, startStack, type TestStack, tokenFor } from './support/test-stack.ts';

// Facts live far longer than these tests: only the change itself can make the node refuse.
describe('status and product changes are in force on the node when the REST call answers', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ realtimeEnv: { SESSION_FACTS_TTL_MS: '600000', CLICKS_PER_SECOND: '100' } });
  });
  afterAll(() => stack.close());

  const rest = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('refuses a click sent right after a pause, and takes one right after the resume', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const token = tokenFor(creator.id, 'creator');
    const viewer = await stack.connect();
    await viewer.emitWithAck('join-session', session.id);
    const paused = collect(viewer, 'stream-paused');
    const resumed = collect(viewer, 'stream-resumed');
    const click = () =>
      viewer.emitWithAck('track-product-click', { sessionId: session.id, productId: products[0]?.id });
    expect(await click()).toMatchObject({ ok: true });

    expect((await rest('PATCH', `/api/sessions/${session.id}/status`, token, { status: 'paused' })).status).toBe(200);
    expect(await click()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await viewer.emitWithAck('send-reaction', { sessionId: session.id, type: 'like' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    expect((await rest('PATCH', `/api/sessions/${session.id}/status`, token, { status: 'live' })).status).toBe(200);
    expect(await click()).toMatchObject({ ok: true });
    await waitFor(() => paused.length === 1 && resumed.length === 1, { what: 'stream-paused and stream-resumed' });
  });

  it('refuses a click on a product removed from the session the moment the removal answers', async () => {
    const { creator, products, session } = await liveSessionWithProducts(stack);
    const token = tokenFor(creator.id, 'creator');
    const [kept, removed] = products;
    const viewer = await stack.connect();
    await viewer.emitWithAck('join-session', session.id);
    const changes = collect<{ productIds: string[] }>(viewer, 'session-products-changed');
    const click = (productId?: string) =>
      viewer.emitWithAck('track-product-click', { sessionId: session.id, productId });
    expect(await click(removed?.id)).toMatchObject({ ok: true });

    expect((await rest('DELETE', `/api/sessions/${session.id}/products/${removed?.id}`, token)).status).toBe(200);
    expect(await click(removed?.id)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ field: 'productId' }] },
    });
    expect(await click(kept?.id)).toMatchObject({ ok: true });

    const added = await stack.db.prisma.product.create({
      data: { sellerId: creator.id, name: 'Added live', price: '3.00' },
    });
    expect((await rest('POST', `/api/sessions/${session.id}/products`, token, { productId: added.id })).status).toBe(
      201,
    );
    expect(await click(added.id)).toMatchObject({ ok: true });
    await waitFor(() => changes.length === 2, { what: 'session-products-changed twice' });
    expect(changes.map((change) => change.productIds)).toEqual([[kept?.id], [kept?.id, added.id]]);
  });
});
