import { ApiError, apiErrorFromResponse, buildRequestUrl } from '@showfloor/client';
import { successEnvelope } from '@showfloor/contracts/errors';
import {
  type VisitorDetailedStats,
  type VisitorLiveFilter,
  type VisitorLiveSession,
  visitorDetailedStatsSchema,
  visitorLiveRoutes,
  visitorSessionsResponseSchema,
} from '@showfloor/contracts/rest';
import type { z } from 'zod';
import type { WebClient } from '../../platform/web-client.ts';

const sessionsEnvelope = successEnvelope(visitorSessionsResponseSchema);
const detailedEnvelope = successEnvelope(visitorDetailedStatsSchema);

/**
 * The realtime service's live reads (seed 002), which the typed client's route table (the API's)
 * does not hold: a GET with the admin's access token. A 401 gets one new token through the page's
 * own refresh path (`api.refreshAccessToken`, shared by every caller) and one more try.
 */
export function createLiveReads(realtimeUrl: string, client: WebClient) {
  async function read<T extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: T,
  ) {
    const url = buildRequestUrl(realtimeUrl, { id: path, path }, undefined, query);
    const send = (token: string | null) =>
      fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    let response = await send(client.accessToken());
    if (response.status === 401) {
      const fresh = await client.api.refreshAccessToken();
      if (fresh !== null) response = await send(fresh);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw apiErrorFromResponse(response.status, response.headers, body);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError('internal_error', `${path} answered an unexpected body`);
    return (parsed.data as { data: unknown }).data;
  }

  return {
    async sessions(limit: number): Promise<VisitorLiveSession[]> {
      const data = (await read(visitorLiveRoutes.sessions, { limit }, sessionsEnvelope)) as {
        sessions: VisitorLiveSession[];
      };
      return data.sessions;
    },
    async detailed(filter: VisitorLiveFilter = {}): Promise<VisitorDetailedStats> {
      return (await read(visitorLiveRoutes.detailed, { ...filter }, detailedEnvelope)) as VisitorDetailedStats;
    },
  };
}

export type LiveReads = ReturnType<typeof createLiveReads>;
