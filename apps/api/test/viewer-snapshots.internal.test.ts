import { apiInternalRoutes, internalKeyHeader, type ViewerSnapshot } from '@showfloor/contracts';
import { createSession, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.ts';

const url = apiInternalRoutes.viewerSnapshots;
const headers = { [internalKeyHeader]: testSecrets.internalApiKey };

function snapshot(sessionId: string, overrides: Partial<ViewerSnapshot> = {}): ViewerSnapshot {
  return {
    sessionId,
    minute: '2026-11-23T10:00:00.000Z',
    viewerCount: 4,
    avgViewers: 3.5,
    peakViewers: 5,
    minViewers: 2,
    sampleCount: 12,
    nodeId: 'node-a',
    ...overrides,
  };
}

describe('POST /internal/viewer-snapshots', () => {
  let api: TestApi;
  let sessionId: string;
  let disabledSessionId: string;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    await api.db.prisma.viewerSnapshot.deleteMany();
    sessionId = (await createSession(api.db.prisma)).id;
    disabledSessionId = (await createSession(api.db.prisma, { enableViewerAnalytics: false })).id;
  });

  const post = (payload: unknown, extraHeaders: Record<string, string> = headers) =>
    api.app.inject({ method: 'POST', url, headers: extraHeaders, payload: payload as object });

  it('stores each snapshot with its figures', async () => {
    const response = await post({
      snapshots: [snapshot(sessionId), snapshot(sessionId, { minute: '2026-11-23T10:01:00.000Z' })],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true, data: { received: 2, saved: 2, duplicates: 0, skipped: 0 } });
    const rows = await api.db.prisma.viewerSnapshot.findMany({ where: { sessionId }, orderBy: { minute: 'asc' } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      minute: new Date('2026-11-23T10:00:00.000Z'),
      nodeId: 'node-a',
      viewerCount: 4,
      avgViewers: 3.5,
      peakViewers: 5,
      minViewers: 2,
      sampleCount: 12,
    });
  });

  it('is idempotent on (session, minute, node): a redelivered batch stores nothing new', async () => {
    const batch = { snapshots: [snapshot(sessionId), snapshot(sessionId, { nodeId: 'node-b' })] };
    await post(batch);
    const again = await post(batch);
    expect(again.json().data).toEqual({ received: 2, saved: 0, duplicates: 2, skipped: 0 });
    expect(await api.db.prisma.viewerSnapshot.count()).toBe(2);
  });

  it("keeps a cluster's minute once: the report with the most samples stands, whichever came first", async () => {
    // Every node of a cluster reports the cluster's minute under one id; one cut short at its shutdown comes first.
    const cut = snapshot(sessionId, {
      nodeId: 'cluster',
      sampleCount: 5,
      viewerCount: 3,
      peakViewers: 3,
      avgViewers: 2.5,
    });
    expect((await post({ snapshots: [cut] })).json().data).toMatchObject({ saved: 1 });
    const full = snapshot(sessionId, {
      nodeId: 'cluster',
      sampleCount: 12,
      viewerCount: 9,
      peakViewers: 10,
      avgViewers: 6,
    });
    expect((await post({ snapshots: [full] })).json().data).toMatchObject({ saved: 1, duplicates: 0 });
    const later = snapshot(sessionId, {
      nodeId: 'cluster',
      sampleCount: 12,
      viewerCount: 8,
      peakViewers: 9,
      avgViewers: 5,
    });
    expect((await post({ snapshots: [later] })).json().data).toMatchObject({ saved: 0, duplicates: 1 });
    const rows = await api.db.prisma.viewerSnapshot.findMany({ where: { sessionId } });
    expect(rows.map((row) => [row.nodeId, row.sampleCount, row.viewerCount, row.peakViewers])).toEqual([
      ['cluster', 12, 9, 10],
    ]);
  });

  it('stores a snapshot once when 20 copies of the batch arrive at once', async () => {
    const batch = { snapshots: [snapshot(sessionId)] };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(batch)));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    const saved = responses.reduce((sum, response) => sum + response.json().data.saved, 0);
    expect(saved).toBe(1);
    expect(await api.db.prisma.viewerSnapshot.count()).toBe(1);
  });

  it('skips sessions with viewer analytics off, or unknown, and still succeeds', async () => {
    const response = await post({
      snapshots: [snapshot(sessionId), snapshot(disabledSessionId), snapshot('00000000-0000-4000-8000-000000000000')],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ received: 3, saved: 1, duplicates: 0, skipped: 2 });
    expect(await api.db.prisma.viewerSnapshot.count({ where: { sessionId: disabledSessionId } })).toBe(0);
  });

  describe('refuses callers without the internal key, writing nothing', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['wrong', { [internalKeyHeader]: 'x'.repeat(testSecrets.internalApiKey.length) }],
      ['wrong length', { [internalKeyHeader]: 'short' }],
      ['right key with a suffix', { [internalKeyHeader]: `${testSecrets.internalApiKey}x` }],
      ['empty', { [internalKeyHeader]: '' }],
    ];
    it.each(cases)('%s key → 401', async (_name, keyHeaders) => {
      const response = await post({ snapshots: [snapshot(sessionId)] }, keyHeaders);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'unauthorized' } });
      expect(await api.db.prisma.viewerSnapshot.count()).toBe(0);
    });
  });

  describe('rejects invalid batches with 400 naming the field, writing nothing', () => {
    const cases: [string, (id: string) => unknown, string][] = [
      ['empty batch', () => ({ snapshots: [] }), 'snapshots'],
      ['missing snapshots', () => ({}), 'snapshots'],
      ['non-uuid session', (id) => ({ snapshots: [snapshot(id), snapshot('abc')] }), 'snapshots.1.sessionId'],
      ['bad minute', (id) => ({ snapshots: [snapshot(id, { minute: 'yesterday' })] }), 'snapshots.0.minute'],
      ['negative count', (id) => ({ snapshots: [snapshot(id, { viewerCount: -1 })] }), 'snapshots.0.viewerCount'],
      ['min above peak', (id) => ({ snapshots: [snapshot(id, { minViewers: 9 })] }), 'snapshots.0.minViewers'],
      ['zero samples', (id) => ({ snapshots: [snapshot(id, { sampleCount: 0 })] }), 'snapshots.0.sampleCount'],
      ['unknown field', (id) => ({ snapshots: [{ ...snapshot(id), extra: 1 }] }), 'snapshots.0.extra'],
      ['string count', (id) => ({ snapshots: [{ ...snapshot(id), peakViewers: '5' }] }), 'snapshots.0.peakViewers'],
    ];
    it.each(cases)('%s', async (_name, build, field) => {
      const response = await post(build(sessionId));
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(body.error.message).toContain(field);
      expect(await api.db.prisma.viewerSnapshot.count()).toBe(0);
    });

    it('malformed JSON', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"snapshots": [',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    });
  });

  it('is served on INTERNAL_PORT only when that is set', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { createLogger } = await import('@showfloor/server-kit');
    const { testApiConfig } = await import('@showfloor/testing');
    const config = testApiConfig(api.db.url, { INTERNAL_PORT: '0' });
    const logger = createLogger({ name: 't', level: 'silent' });
    const publicOnly = await buildApp({
      config,
      prisma: api.db.prisma,
      logger,
      surfaces: { public: true, internal: false },
    });
    const response = await publicOnly.inject({
      method: 'POST',
      url,
      headers,
      payload: { snapshots: [snapshot(sessionId)] },
    });
    expect(response.statusCode).toBe(404);
    await publicOnly.close();
  });
});
