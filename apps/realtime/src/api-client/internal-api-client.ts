import {
  apiInternalRoutes,
  chatMessageSchema,
  type dashboardActionRecordSchema,
  dashboardActionResultSchema,
  internalKeyHeader,
  internalPath,
  type ProductClickerRecord,
  productClickerBatchResultSchema,
  type SessionAudience,
  type SessionFacts,
  type SessionMilestone,
  type SessionTotals,
  type SessionViewRecord,
  sessionAudienceSchema,
  sessionFactsSchema,
  sessionMilestoneBatchResultSchema,
  sessionTotalsBatchResultSchema,
  sessionViewBatchResultSchema,
  showcaseResultSchema,
  successEnvelope,
  type TokenCheckRequest,
  type TokenCheckResult,
  tokenCheckResultSchema,
  tokenChecksRoute,
  type UserSnapshot,
  userSnapshotSchema,
  type ViewerSnapshot,
  type ViewerSnapshotBatchResult,
  type VisitorEventBatchResult,
  type VisitorEventRecord,
  viewerSnapshotBatchResultSchema,
  visitorEventBatchResultSchema,
} from '@showfloor/contracts';
import { isRetryableStatus } from '@showfloor/delivery';
import { requestContext, requestIdHeader } from '@showfloor/server-kit';
import { Pool } from 'undici';
import type { z } from 'zod';
import { ApiRequestError } from './api-request-error.ts';

export interface InternalApiClientOptions {
  /** The API's internal surface, e.g. http://api:3100. */
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  /** A shorter bound for session-facts reads: a viewer's join waits for the first one. */
  factsTimeoutMs?: number;
  connections?: number;
}

/**
 * The realtime service's only door to durable state: HTTP calls to the API's /internal routes
 * over a keep-alive undici pool. Every response is validated with the shared contract. Retrying
 * is the caller's choice (the delivery outbox retries flushes until they are accepted). Each call
 * carries the current request id (`requestContext`), so the API's lines share it.
 */
export function createInternalApiClient(options: InternalApiClientOptions) {
  const pool = new Pool(options.baseUrl, {
    connections: options.connections ?? 8,
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
  });

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    dataSchema: T,
    timeoutMs = options.timeoutMs,
  ): Promise<z.output<T>> {
    let response: Awaited<ReturnType<typeof pool.request>>;
    try {
      response = await pool.request({
        path,
        method,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          [internalKeyHeader]: options.internalApiKey,
          // The socket event, broadcast or delivery batch this call serves: the API logs it too.
          [requestIdHeader]: requestContext.idForOutgoingCall(),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiRequestError(`API unreachable: ${(error as Error).message}`, true, undefined, { cause: error });
    }
    const text = await response.body.text().catch(() => '');
    if (response.statusCode >= 400) {
      throw new ApiRequestError(
        `API answered ${response.statusCode} on ${path}: ${text.slice(0, 500)}`,
        isRetryableStatus(response.statusCode),
        response.statusCode,
        { cause: errorBodyOf(text) },
      );
    }
    const parsed = successEnvelope(dataSchema).safeParse(safeJson(text));
    if (!parsed.success) {
      throw new ApiRequestError(`API answered ${path} outside the contract: ${parsed.error.message}`, false);
    }
    return (parsed.data as { data: z.output<T> }).data;
  }

  return {
    postViewerSnapshots(snapshots: ViewerSnapshot[]): Promise<ViewerSnapshotBatchResult> {
      return call('POST', apiInternalRoutes.viewerSnapshots, { snapshots }, viewerSnapshotBatchResultSchema);
    },
    getSessionFacts(sessionId: string): Promise<SessionFacts> {
      return call(
        'GET',
        internalPath(apiInternalRoutes.sessionFacts, { sessionId }),
        undefined,
        sessionFactsSchema,
        options.factsTimeoutMs,
      );
    },
    async postSessionViews(views: SessionViewRecord[]): Promise<void> {
      await call('POST', apiInternalRoutes.sessionViews, { views }, sessionViewBatchResultSchema);
    },
    async postSessionMilestones(milestones: SessionMilestone[]): Promise<void> {
      await call('POST', apiInternalRoutes.sessionMilestones, { milestones }, sessionMilestoneBatchResultSchema);
    },
    async postProductClickers(clickers: ProductClickerRecord[]): Promise<void> {
      await call('POST', apiInternalRoutes.productClickers, { clickers }, productClickerBatchResultSchema);
    },
    getUserSnapshot(userId: string): Promise<UserSnapshot> {
      return call('GET', internalPath(apiInternalRoutes.userSnapshot, { userId }), undefined, userSnapshotSchema);
    },
    getSessionAudience(sessionId: string): Promise<SessionAudience> {
      return call(
        'GET',
        internalPath(apiInternalRoutes.sessionAudience, { sessionId }),
        undefined,
        sessionAudienceSchema,
      );
    },
    async postSessionTotals(totals: SessionTotals[]): Promise<void> {
      await call('POST', apiInternalRoutes.sessionTotals, { totals }, sessionTotalsBatchResultSchema);
    },
    /** Accepted visitor events for history; the API stores each `id` once, so redelivery is safe. */
    postVisitorEvents(events: VisitorEventRecord[]): Promise<VisitorEventBatchResult> {
      return call('POST', apiInternalRoutes.visitorEvents, { events }, visitorEventBatchResultSchema);
    },
    /** A visitor dashboard's action, recorded as the admin's feature event once committed. */
    postDashboardAction(action: z.input<typeof dashboardActionRecordSchema>) {
      return call('POST', apiInternalRoutes.dashboardActions, action, dashboardActionResultSchema);
    },
    postChatMessage(message: { sessionId: string; userId: string; message: string }) {
      return call('POST', apiInternalRoutes.chatMessages, message, chatMessageSchema);
    },
    postShowcase(request: { sessionId: string; actorUserId: string; productId: string | null }) {
      return call('POST', apiInternalRoutes.showcase, request, showcaseResultSchema);
    },
    /** Whether a signature-verified access token's login is still current (for the handshake). */
    checkToken(claims: TokenCheckRequest): Promise<TokenCheckResult> {
      return call('POST', tokenChecksRoute, claims, tokenCheckResultSchema);
    },
    close: () => pool.close(),
  };
}

/** The API's error body `{ code, message }`, kept so callers can pass the API's verdict on. */
function errorBodyOf(text: string): { code?: string; message?: string } | undefined {
  const body = safeJson(text) as { error?: { code?: string; message?: string } } | undefined;
  return body?.error;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type InternalApiClient = ReturnType<typeof createInternalApiClient>;
