import { apiInternalRoutes, internalKeyHeader, internalPath } from '@showfloor/contracts';
import { createSession, createUser, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const headers = { [internalKeyHeader]: testSecrets.internalApiKey };
const unknownSessionId = '00000000-0000-4000-8000-000000000000';

describe('GET /internal/sessions/:sessionId/facts', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const get = (sessionId: string, extraHeaders: Record<string, string> = headers) =>
    api.app.inject({
      method: 'GET',
      url: internalPath(apiInternalRoutes.sessionFacts, { sessionId }),
      headers: extraHeaders,
    });

  async function product(sellerId: string, name: string) {
    return api.db.prisma.product.create({ data: { sellerId, name, price: '9.99' } });
  }

  it('gives the creator, status, analytics toggle, showcased product and products in display order', async () => {
    const creator = await createUser(api.db.prisma);
    const [first, second, third] = [
      await product(creator.id, 'Lamp'),
      await product(creator.id, 'Chair'),
      await product(creator.id, 'Desk'),
    ];
    if (!first || !second || !third) throw new Error('products not created');
    const session = await createSession(api.db.prisma, {
      creatorId: creator.id,
      status: 'paused',
      enableViewerAnalytics: false,
      activeProductId: third.id,
    });
    await api.db.prisma.sessionProduct.createMany({
      data: [
        { sessionId: session.id, productId: first.id, displayOrder: 2 },
        { sessionId: session.id, productId: second.id, displayOrder: 0 },
        { sessionId: session.id, productId: third.id, displayOrder: 1 },
      ],
    });

    const response = await get(session.id);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      data: {
        id: session.id,
        creatorId: creator.id,
        status: 'paused',
        enableViewerAnalytics: false,
        activeProductId: third.id,
        productIds: [second.id, third.id, first.id],
        checkpoints: [],
      },
    });
  });

  it('carries what each node reported for a stream still on air, so nodes continue from them', async () => {
    const session = await createSession(api.db.prisma, { status: 'live' });
    const product = await api.db.prisma.product.create({
      data: { sellerId: session.creatorId, name: 'P', price: '1.00' },
    });
    const nodeB = {
      nodeId: 'node-b',
      reactionCounts: { heart: 7 },
      productClicks: [{ productId: product.id, uniqueClicks: 2, totalClicks: 5 }],
      peakViewers: 3,
      totalViewers: 4,
    };
    const nodeA = { nodeId: 'node-a', reactionCounts: { like: 1 }, productClicks: [], peakViewers: 1, totalViewers: 1 };
    await api.db.prisma.sessionNodeTotals.createMany({
      data: [nodeB, nodeA].map((counts) => ({ sessionId: session.id, ...counts })),
    });
    expect((await get(session.id)).json().data.checkpoints).toEqual([nodeA, nodeB]);
    await api.db.prisma.session.update({ where: { id: session.id }, data: { status: 'ended' } });
    expect((await get(session.id)).json().data.checkpoints).toEqual([]);
  });

  it('gives an empty product list and no showcased product for a bare session', async () => {
    const session = await createSession(api.db.prisma, { status: 'scheduled' });
    const response = await get(session.id);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      status: 'scheduled',
      enableViewerAnalytics: true,
      activeProductId: null,
      productIds: [],
    });
  });

  it('answers 404 for a session that does not exist', async () => {
    const response = await get(unknownSessionId);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'not_found' } });
  });

  it('answers 400 naming sessionId when it is not a uuid', async () => {
    const response = await get('not-a-uuid');
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain('sessionId');
  });

  describe('refuses callers without the internal key', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['wrong', { [internalKeyHeader]: 'x'.repeat(testSecrets.internalApiKey.length) }],
    ];
    it.each(cases)('%s key → 401, revealing nothing', async (_name, keyHeaders) => {
      const session = await createSession(api.db.prisma);
      const response = await get(session.id, keyHeaders);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ success: false, error: expect.objectContaining({ code: 'unauthorized' }) });
    });
  });
});
