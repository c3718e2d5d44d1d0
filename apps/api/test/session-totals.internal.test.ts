import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader, type ProductClickStats, type SessionTotals } from '@showfloor/contracts';
import { createSession, createUser, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const url = apiInternalRoutes.sessionTotals;
const headers = { [internalKeyHeader]: testSecrets.internalApiKey };
const unknownSessionId = '00000000-0000-4000-8000-000000000000';

function totals(sessionId: string, overrides: Partial<SessionTotals> = {}): SessionTotals {
  return {
    sessionId,
    nodeId: 'node-a',
    final: true,
    reactionCounts: { like: 12, fire: 3 },
    productClicks: [],
    peakViewers: 8,
    totalViewers: 20,
    ...overrides,
  };
}

function clicks(productId: string, uniqueClicks: number, totalClicks: number, clickThroughRate: number) {
  return { productId, uniqueClicks, totalClicks, clickThroughRate } satisfies ProductClickStats;
}

describe('POST /internal/session-totals', () => {
  let api: TestApi;
  let sessionId: string;
  let lampId: string;
  let chairId: string;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await api.db.prisma.productClickStat.deleteMany();
    const creator = await createUser(api.db.prisma);
    sessionId = (await createSession(api.db.prisma, { creatorId: creator.id })).id;
    const product = (name: string) =>
      api.db.prisma.product.create({ data: { sellerId: creator.id, name, price: '10.00' } });
    lampId = (await product('Lamp')).id;
    chairId = (await product('Chair')).id;
  });

  const post = (payload: unknown, extraHeaders: Record<string, string> = headers) =>
    api.app.inject({ method: 'POST', url, headers: extraHeaders, payload: payload as object });
  const storedSession = (id = sessionId) =>
    api.db.prisma.session.findUniqueOrThrow({
      where: { id },
      select: { reactionCounts: true, peakViewers: true, totalViewers: true },
    });
  const storedClicks = (id = sessionId) =>
    api.db.prisma.productClickStat.findMany({
      where: { sessionId: id },
      orderBy: { uniqueClicks: 'desc' },
      select: { productId: true, uniqueClicks: true, totalClicks: true, clickThroughRate: true },
    });

  it('stores reaction counts, peak and total viewers, and click stats per product', async () => {
    const response = await post({
      totals: [totals(sessionId, { productClicks: [clicks(lampId, 5, 9, 25), clicks(chairId, 2, 2, 10)] })],
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true, data: { received: 1, saved: 1, skipped: 0 } });
    expect(await storedSession()).toEqual({ reactionCounts: { like: 12, fire: 3 }, peakViewers: 8, totalViewers: 20 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 5, totalClicks: 9, clickThroughRate: 25 },
      { productId: chairId, uniqueClicks: 2, totalClicks: 2, clickThroughRate: 10 },
    ]);
  });

  it('counts a redelivered batch once', async () => {
    const batch = { totals: [totals(sessionId, { productClicks: [clicks(lampId, 5, 9, 25)] })] };
    await post(batch);
    const again = await post(batch);

    expect(again.json().data).toEqual({ received: 1, saved: 1, skipped: 0 });
    expect(await storedSession()).toEqual({ reactionCounts: { like: 12, fire: 3 }, peakViewers: 8, totalViewers: 20 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 5, totalClicks: 9, clickThroughRate: 25 },
    ]);
  });

  it('counts once when 10 copies of a batch arrive at once', async () => {
    const batch = {
      totals: [totals(sessionId, { productClicks: [clicks(lampId, 5, 9, 25), clicks(chairId, 1, 4, 5)] })],
    };
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(batch)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
    expect(await storedSession()).toEqual({ reactionCounts: { like: 12, fire: 3 }, peakViewers: 8, totalViewers: 20 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 5, totalClicks: 9, clickThroughRate: 25 },
      { productId: chairId, uniqueClicks: 1, totalClicks: 4, clickThroughRate: 5 },
    ]);
  });

  it('lets concurrent batches covering the same sessions in opposite orders all succeed', async () => {
    const otherId = (await createSession(api.db.prisma)).id;
    const forward = { totals: [totals(sessionId), totals(otherId, { reactionCounts: { clap: 4 } })] };
    const backward = { totals: [totals(otherId, { reactionCounts: { clap: 4 } }), totals(sessionId)] };
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 ? forward : backward)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
    expect((await storedSession(otherId)).reactionCounts).toEqual({ clap: 4 });
    expect((await storedSession()).reactionCounts).toEqual({ like: 12, fire: 3 });
  });

  it('replaces earlier totals with a later checkpoint rather than adding to them', async () => {
    await post({ totals: [totals(sessionId, { final: false, productClicks: [clicks(lampId, 5, 9, 25)] })] });
    await post({
      totals: [
        totals(sessionId, {
          reactionCounts: { like: 15, heart: 1 },
          totalViewers: 24,
          productClicks: [clicks(lampId, 6, 11, 25), clicks(chairId, 1, 1, 4.2)],
        }),
      ],
    });

    expect(await storedSession()).toEqual({ reactionCounts: { like: 15, heart: 1 }, peakViewers: 8, totalViewers: 24 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 6, totalClicks: 11, clickThroughRate: 25 },
      { productId: chairId, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 4.2 },
    ]);
  });

  it("adds up the nodes' reactions and clicks, each delivery replacing only its own node's earlier one", async () => {
    const nodeA = (overrides: Partial<SessionTotals>) => totals(sessionId, { nodeId: 'node-a', ...overrides });
    const nodeB = (overrides: Partial<SessionTotals>) => totals(sessionId, { nodeId: 'node-b', ...overrides });
    await post({
      totals: [
        nodeA({
          reactionCounts: { like: 2 },
          peakViewers: 5,
          totalViewers: 10,
          productClicks: [clicks(lampId, 1, 1, 10)],
        }),
      ],
    });
    await post({
      totals: [
        nodeB({
          reactionCounts: { like: 3, fire: 1 },
          peakViewers: 7,
          totalViewers: 6,
          productClicks: [clicks(lampId, 2, 4, 33.3)],
        }),
      ],
    });
    // Node A again with its newer cumulative counts, delivered twice.
    const newerA = {
      totals: [
        nodeA({
          reactionCounts: { like: 4 },
          peakViewers: 5,
          totalViewers: 10,
          productClicks: [clicks(lampId, 1, 2, 10), clicks(chairId, 1, 1, 10)],
        }),
      ],
    };
    await post(newerA);
    await post(newerA);

    // Distinct counts are never added up (the same viewer may be on both nodes): without stored
    // identities, the highest any node counted is what is known.
    expect(await storedSession()).toEqual({ reactionCounts: { like: 7, fire: 1 }, peakViewers: 7, totalViewers: 10 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 2, totalClicks: 6, clickThroughRate: 20 },
      { productId: chairId, uniqueClicks: 1, totalClicks: 1, clickThroughRate: 10 },
    ]);
  });

  it('counts distinct viewers and unique clickers from who was seen, once each, whatever the nodes say', async () => {
    const view = (viewerKey: string, role: 'subscriber' | 'publisher' = 'subscriber') => ({
      id: randomUUID(),
      sessionId,
      viewerKey,
      guestId: viewerKey.slice('guest:'.length),
      userId: null,
      role,
      socketId: 'socket',
      joinedAt: new Date().toISOString(),
      leftAt: null,
      watchDuration: null,
    });
    // Four distinct subscribers (one seen twice, as after a restart) and the creator as publisher.
    const views = ['guest:a', 'guest:b', 'guest:a', 'guest:c', 'guest:d'].map((key) => view(key));
    const ingest = (path: string, payload: object) => api.app.inject({ method: 'POST', url: path, headers, payload });
    expect(
      (await ingest(apiInternalRoutes.sessionViews, { views: [...views, view('guest:z', 'publisher')] })).statusCode,
    ).toBe(200);
    const clicker = (viewerKey: string) => ({
      sessionId,
      productId: lampId,
      viewerKey,
      clickedAt: new Date().toISOString(),
    });
    const first = await ingest(apiInternalRoutes.productClickers, {
      clickers: ['guest:a', 'guest:b', 'guest:a', 'guest:c'].map(clicker),
    });
    expect(first.json().data).toEqual({ received: 4, saved: 3, skipped: 0 });
    // Redelivered, and the same viewer after a restart: nothing new.
    expect((await ingest(apiInternalRoutes.productClickers, { clickers: [clicker('guest:a')] })).json().data).toEqual({
      received: 1,
      saved: 0,
      skipped: 0,
    });

    await post({
      totals: [
        totals(sessionId, { nodeId: 'node-a', totalViewers: 2, productClicks: [clicks(lampId, 2, 5, 0)] }),
        totals(sessionId, { nodeId: 'node-b', totalViewers: 3, productClicks: [clicks(lampId, 2, 2, 0)] }),
      ],
    });
    expect((await storedSession()).totalViewers).toBe(4);
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 3, totalClicks: 7, clickThroughRate: 75 },
    ]);
  });

  it('keeps the highest peak ever reported', async () => {
    await post({ totals: [totals(sessionId, { peakViewers: 30 })] });
    await post({ totals: [totals(sessionId, { peakViewers: 7, totalViewers: 41 })] });
    expect(await storedSession()).toMatchObject({ peakViewers: 30, totalViewers: 41 });

    await post({ totals: [totals(sessionId, { peakViewers: 31 })] });
    expect((await storedSession()).peakViewers).toBe(31);
  });

  it('takes the later copy, and the higher peak, when one session appears twice in a batch', async () => {
    const response = await post({
      totals: [
        totals(sessionId, { peakViewers: 50, reactionCounts: { like: 1 } }),
        totals(sessionId, { peakViewers: 9, reactionCounts: { like: 2 } }),
      ],
    });
    expect(response.json().data).toEqual({ received: 2, saved: 2, skipped: 0 });
    expect(await storedSession()).toMatchObject({ peakViewers: 50, reactionCounts: { like: 2 } });
  });

  it('skips sessions that do not exist and stores the rest', async () => {
    const response = await post({
      totals: [totals(unknownSessionId, { productClicks: [clicks(lampId, 1, 1, 1)] }), totals(sessionId)],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ received: 2, saved: 1, skipped: 1 });
    expect(await storedSession()).toMatchObject({ totalViewers: 20 });
    expect(await api.db.prisma.productClickStat.count()).toBe(0);
  });

  it('leaves out click stats of a product deleted since, keeping the others', async () => {
    await api.db.prisma.product.delete({ where: { id: chairId } });
    const response = await post({
      totals: [totals(sessionId, { productClicks: [clicks(chairId, 3, 3, 15), clicks(lampId, 5, 9, 25)] })],
    });
    expect(response.json().data).toEqual({ received: 1, saved: 1, skipped: 0 });
    expect(await storedClicks()).toEqual([
      { productId: lampId, uniqueClicks: 5, totalClicks: 9, clickThroughRate: 25 },
    ]);
  });

  describe('refuses callers without the internal key, writing nothing', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['wrong', { [internalKeyHeader]: 'x'.repeat(testSecrets.internalApiKey.length) }],
      ['empty', { [internalKeyHeader]: '' }],
    ];
    it.each(cases)('%s key → 401', async (_name, keyHeaders) => {
      const response = await post(
        { totals: [totals(sessionId, { productClicks: [clicks(lampId, 1, 1, 1)] })] },
        keyHeaders,
      );
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'unauthorized' } });
      expect(await storedSession()).toEqual({ reactionCounts: {}, peakViewers: null, totalViewers: null });
      expect(await api.db.prisma.productClickStat.count()).toBe(0);
    });
  });

  describe('rejects invalid batches with 400 naming the field, writing nothing', () => {
    const cases: [string, (id: string, productId: string) => unknown, string][] = [
      ['empty batch', () => ({ totals: [] }), 'totals'],
      ['missing totals', () => ({}), 'totals'],
      ['non-uuid session', (id) => ({ totals: [totals(id), totals('abc')] }), 'totals.1.sessionId'],
      [
        'negative reaction count',
        (id) => ({ totals: [totals(id, { reactionCounts: { like: -1 } })] }),
        'totals.0.reactionCounts.like',
      ],
      [
        'bad reaction type',
        (id) => ({ totals: [totals(id, { reactionCounts: { 'NOT OK': 1 } })] }),
        'totals.0.reactionCounts.NOT OK',
      ],
      ['negative peak', (id) => ({ totals: [totals(id, { peakViewers: -1 })] }), 'totals.0.peakViewers'],
      [
        'non-uuid product',
        (id) => ({ totals: [totals(id, { productClicks: [clicks('abc', 1, 1, 1)] })] }),
        'totals.0.productClicks.0.productId',
      ],
      [
        'fractional clicks',
        (id, productId) => ({ totals: [totals(id, { productClicks: [clicks(productId, 1.5, 2, 1)] })] }),
        'totals.0.productClicks.0.uniqueClicks',
      ],
      ['unknown field', (id) => ({ totals: [{ ...totals(id), extra: 1 }] }), 'totals.0.extra'],
      ['missing node', (id) => ({ totals: [{ ...totals(id), nodeId: undefined }] }), 'totals.0.nodeId'],
    ];
    it.each(cases)('%s', async (_name, build, field) => {
      const response = await post(build(sessionId, lampId));
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(body.error.message).toContain(field);
      expect(await storedSession()).toEqual({ reactionCounts: {}, peakViewers: null, totalViewers: null });
      expect(await api.db.prisma.productClickStat.count()).toBe(0);
    });
  });
});
