import { NotFoundError, ServiceUnavailableError, type SessionFacts } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';

interface Entry {
  facts: SessionFacts;
  fetchedAt: number;
}

/**
 * Session facts (creator, status, product list) from the API, cached for `ttlMs` so a burst of
 * joins or clicks costs one request. Concurrent misses share one request. Room events the API
 * sends (stream started/ended, showcase) update the cache at once via `patch`. When the API cannot
 * be reached, stale facts are served rather than stopping a stream in progress.
 */
export class SessionFactsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SessionFacts>>();

  constructor(
    private readonly api: Pick<InternalApiClient, 'getSessionFacts'>,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async get(sessionId: string): Promise<SessionFacts> {
    const entry = this.entries.get(sessionId);
    if (entry && this.clock.now() - entry.fetchedAt < this.ttlMs) return entry.facts;
    const pending = this.inFlight.get(sessionId) ?? this.fetch(sessionId);
    this.inFlight.set(sessionId, pending);
    try {
      return await pending;
    } finally {
      this.inFlight.delete(sessionId);
    }
  }

  /** Cached facts, however old, without asking the API. */
  peek(sessionId: string): SessionFacts | undefined {
    return this.entries.get(sessionId)?.facts;
  }

  patch(sessionId: string, change: Partial<SessionFacts>): void {
    const entry = this.entries.get(sessionId);
    if (entry) entry.facts = { ...entry.facts, ...change };
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  private async fetch(sessionId: string): Promise<SessionFacts> {
    try {
      const facts = await this.api.getSessionFacts(sessionId);
      this.entries.set(sessionId, { facts, fetchedAt: this.clock.now() });
      return facts;
    } catch (error) {
      if (error instanceof ApiRequestError && error.statusCode === 404) throw new NotFoundError('Session');
      // While the API is unreachable, a stream in progress keeps going on what we last knew.
      const stale = this.entries.get(sessionId);
      if (stale) return stale.facts;
      throw new ServiceUnavailableError('Session details are unavailable right now; try again');
    }
  }
}
