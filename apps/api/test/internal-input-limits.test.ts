import { randomUUID } from 'node:crypto';
import {
  apiInternalRoutes,
  internalKeyHeader,
  maxSnapshotsPerBatch,
  postgresIntegerMax,
  type SessionTotals,
  type SessionViewRecord,
  type ViewerSnapshot,
} from '@showfloor/contracts';
import { createSession, createUser, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

const headers = { [internalKeyHeader]: testSecrets.internalApiKey, 'content-type': 'application/json' };
const tooBig = 3_000_000_000;
/** Timestamps as long as the realtime service sends them, with an explicit offset. */
const joinedAt = '2026-11-23T10:00:00.000+00:00';
const leftAt = '2026-11-23T10:30:00.000+00:00';
const pad = (prefix: string, length: number) => prefix.padEnd(length, 'x');

describe('internal payloads: integers that fit their columns, batches that fit the body limit', () => {
  let api: TestApi;
  let sessionId: string;
  let userId: string;
  let productId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const creator = await createUser(api.db.prisma, { role: 'creator' });
    userId = creator.id;
    sessionId = (await createSession(api.db.prisma, { creatorId: creator.id })).id;
    productId = (await api.db.prisma.product.create({ data: { sellerId: creator.id, name: 'Lamp', price: '5.00' } }))
      .id;
  });
  afterAll(() => api.close());

  const post = (url: string, payload: unknown) =>
    api.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(payload) });

  const totals = (overrides: Partial<SessionTotals> = {}): SessionTotals => ({
    sessionId,
    nodeId: 'node-a',
    final: false,
    reactionCounts: { like: 1 },
    productClicks: [{ productId, uniqueClicks: 1, totalClicks: 2, clickThroughRate: 50 }],
    peakViewers: 2,
    totalViewers: 2,
    ...overrides,
  });
  const clicks = (uniqueClicks: number, totalClicks: number) => [
    { productId, uniqueClicks, totalClicks, clickThroughRate: 0 },
  ];

  /** A closed view with every string at its longest and the largest watch time the contract allows. */
  const maximalView = (index: number): SessionViewRecord => ({
    id: randomUUID(),
    sessionId,
    viewerKey: pad(`user:${userId}:${index}:`, 80),
    userId,
    guestId: pad(`guest-${index}-`, 64),
    role: 'subscriber',
    socketId: pad(`socket-${index}-`, 64),
    joinedAt,
    leftAt,
    watchDuration: postgresIntegerMax,
  });

  const maximalSnapshot = (index: number): ViewerSnapshot => ({
    sessionId,
    minute: new Date(Date.UTC(2026, 10, 23) + index * 60_000).toISOString().replace('Z', '+00:00'),
    viewerCount: 9_999_999,
    avgViewers: 9_999_999.123456789,
    peakViewers: 10_000_000,
    minViewers: 9_999_998,
    sampleCount: 100_000,
    nodeId: pad('node-', 128),
  });

  it.each([
    ['totals.0.peakViewers', () => totals({ peakViewers: tooBig })],
    ['totals.0.totalViewers', () => totals({ totalViewers: tooBig })],
    ['totals.0.reactionCounts.like', () => totals({ reactionCounts: { like: tooBig } })],
    ['totals.0.productClicks.0.uniqueClicks', () => totals({ productClicks: clicks(tooBig, tooBig) })],
    ['totals.0.productClicks.0.totalClicks', () => totals({ productClicks: clicks(1, tooBig) })],
  ])('session totals: 3e9 in %s is a 400 naming it, and nothing is stored', async (field, item) => {
    const response = await post(apiInternalRoutes.sessionTotals, { totals: [item()] });
    expectBadField(response, field);
    expect(await api.db.prisma.sessionNodeTotals.count()).toBe(0);
  });

  it('session totals: the int4 maximum itself is stored', async () => {
    const largest = totals({
      peakViewers: postgresIntegerMax,
      totalViewers: postgresIntegerMax,
      productClicks: clicks(postgresIntegerMax, postgresIntegerMax),
    });
    const response = await post(apiInternalRoutes.sessionTotals, { totals: [largest] });
    expect(response.statusCode, response.body).toBe(200);
    const stored = await api.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(stored).toMatchObject({ peakViewers: postgresIntegerMax, totalViewers: postgresIntegerMax });
    await api.db.prisma.sessionNodeTotals.deleteMany();
  });

  it('session views: 3e9 in watchDuration is a 400 naming it, and nothing is stored', async () => {
    const response = await post(apiInternalRoutes.sessionViews, {
      views: [{ ...maximalView(0), watchDuration: tooBig }],
    });
    expectBadField(response, 'views.0.watchDuration');
    expect(await api.db.prisma.sessionView.count()).toBe(0);
  });

  it('session views: the largest batch the contract allows (5,000 maximal records) is accepted and stored', async () => {
    const views = Array.from({ length: 5_000 }, (_, index) => maximalView(index));
    const body = JSON.stringify({ views });
    // Larger than the public body limit (1 MiB): before INTERNAL_BODY_LIMIT_BYTES this was a 413.
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1_048_576);

    const response = await api.app.inject({
      method: 'POST',
      url: apiInternalRoutes.sessionViews,
      headers,
      payload: body,
    });

    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.json().data).toEqual({ received: 5_000, saved: 5_000, skipped: 0 });
    expect(await api.db.prisma.sessionView.count({ where: { sessionId } })).toBe(5_000);
  });

  it('viewer snapshots: the largest batch the contract allows (5,000 maximal snapshots) is accepted', async () => {
    const snapshots = Array.from({ length: maxSnapshotsPerBatch }, (_, index) => maximalSnapshot(index));
    const response = await post(apiInternalRoutes.viewerSnapshots, { snapshots });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.json().data).toMatchObject({ received: 5_000, saved: 5_000 });
  });

  it('a body above INTERNAL_BODY_LIMIT_BYTES is still a 413, and public routes keep BODY_LIMIT_BYTES', async () => {
    const internal = await api.app.inject({
      method: 'POST',
      url: apiInternalRoutes.sessionViews,
      headers,
      payload: JSON.stringify({ views: [], padding: 'x'.repeat(4_194_304) }),
    });
    expect(internal.statusCode).toBe(413);
    expect(internal.json()).toMatchObject({ success: false, error: { code: 'payload_too_large' } });

    const publicRoute = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'someone', password: 'x'.repeat(1_048_576) }),
    });
    expect(publicRoute.statusCode).toBe(413);
    expect(publicRoute.json()).toMatchObject({ success: false, error: { code: 'payload_too_large' } });
  });
});
