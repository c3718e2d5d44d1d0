import { NotFoundError, ServiceUnavailableError, type SessionFacts } from '@showfloor/contracts';
import { type BackoffPolicy, backoffDelayMs } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';

interface Entry {
  facts: SessionFacts;
  fetchedAt: number;
}

export interface SessionFactsCacheOptions {
  api: Pick<InternalApiClient, 'getSessionFacts'>;
  clock: Clock;
  /** How long facts count as fresh. */
  ttlMs: number;
  /** How long an id the API said does not exist is answered not_found without asking again. */
  notFoundTtlMs: number;
  /** Most unknown ids remembered (oldest forgotten first), so random ids cannot grow memory. */
  maxNotFound?: number;
  /** Pause between attempts while the API is failing. */
  backoff: BackoffPolicy;
  logger: Logger;
}

/**
 * Session facts (creator, status, product list) from the API, cached so a burst of joins or clicks
 * costs one request. No event on a session already known ever waits for the API: facts past their
 * lifetime are served at once and refreshed in the background (stale-while-revalidate), and while
 * the API is failing, attempts pause with back-off, so a hung API costs one timeout, not one per
 * ack. Only a session never seen before has to wait for its first read; during a back-off pause it
 * is refused at once with service_unavailable. Ids the API says do not exist are remembered for a
 * while (bounded). Room events the API sends update the cache at once via `patch`.
 */
export class SessionFactsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly notFound = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<SessionFacts>>();
  private failures = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SessionFactsCacheOptions) {}

  /** Fresh or stale facts at once when known; a first read otherwise. */
  async get(sessionId: string): Promise<SessionFacts> {
    const entry = this.entries.get(sessionId);
    if (entry) {
      if (this.isStale(entry)) void this.refresh(sessionId).catch(() => {});
      return entry.facts;
    }
    const missingUntil = this.notFound.get(sessionId);
    if (missingUntil !== undefined) {
      if (missingUntil > this.options.clock.now()) throw new NotFoundError('Session');
      this.notFound.delete(sessionId);
    }
    return this.refresh(sessionId);
  }

  /**
   * Reads the facts from the API now (sharing a read already in flight). While the API is in a
   * back-off pause, answers what is cached, or service_unavailable when nothing is.
   */
  refresh(sessionId: string): Promise<SessionFacts> {
    const pending = this.inFlight.get(sessionId);
    if (pending) return pending;
    if (this.options.clock.now() < this.pausedUntil) return this.cachedOrUnavailable(sessionId);
    const read = this.fetch(sessionId).finally(() => this.inFlight.delete(sessionId));
    this.inFlight.set(sessionId, read);
    return read;
  }

  /**
   * Facts read from the API no longer than `maxAgeMs` ago: the cached ones when that recent, else a
   * read now (shared with one in flight). For an answer that would refuse an event on what the cache
   * says — the room event that changed it may still be on its way — at most one read per session
   * per `maxAgeMs`, however many events are refused.
   */
  async recheck(sessionId: string, maxAgeMs = 1_000): Promise<SessionFacts> {
    const entry = this.entries.get(sessionId);
    if (entry && this.options.clock.now() - entry.fetchedAt < maxAgeMs) return entry.facts;
    return this.refresh(sessionId);
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

  private isStale(entry: Entry): boolean {
    return this.options.clock.now() - entry.fetchedAt >= this.options.ttlMs;
  }

  private async fetch(sessionId: string): Promise<SessionFacts> {
    try {
      const facts = await this.options.api.getSessionFacts(sessionId);
      this.failures = 0;
      this.entries.set(sessionId, { facts, fetchedAt: this.options.clock.now() });
      return facts;
    } catch (error) {
      if (error instanceof ApiRequestError && error.statusCode === 404) {
        this.failures = 0;
        this.entries.delete(sessionId);
        this.rememberNotFound(sessionId);
        throw new NotFoundError('Session');
      }
      this.pauseAfterFailure(error, sessionId);
      return this.cachedOrUnavailable(sessionId);
    }
  }

  private pauseAfterFailure(error: unknown, sessionId: string): void {
    const delay = backoffDelayMs(this.failures, this.options.backoff);
    this.failures += 1;
    this.pausedUntil = this.options.clock.now() + delay;
    this.options.logger.warn(
      { err: error, sessionId, failures: this.failures, pauseMs: delay },
      'session facts unavailable; serving what is cached',
    );
  }

  /** While the API is unreachable, a stream in progress keeps going on what we last knew. */
  private cachedOrUnavailable(sessionId: string): Promise<SessionFacts> {
    const stale = this.entries.get(sessionId);
    if (stale) return Promise.resolve(stale.facts);
    return Promise.reject(new ServiceUnavailableError('Session details are unavailable right now; try again'));
  }

  private rememberNotFound(sessionId: string): void {
    this.notFound.delete(sessionId);
    this.notFound.set(sessionId, this.options.clock.now() + this.options.notFoundTtlMs);
    const excess = this.notFound.size - (this.options.maxNotFound ?? 10_000);
    if (excess <= 0) return;
    for (const oldest of [...this.notFound.keys()].slice(0, excess)) this.notFound.delete(oldest);
  }
}
