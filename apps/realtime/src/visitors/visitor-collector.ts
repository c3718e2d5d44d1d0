import { randomUUID } from 'node:crypto';
import type { VisitorEventRecord, VisitorFeedEvent } from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import { countryName } from './country-names.ts';
import { type DailySalts, visitorIdForSession } from './daily-salts.ts';
import type { IpCountryLookup } from './ip-country.ts';
import type { UserAgentDetails } from './user-agent-details.ts';
import type { VisitorEventInput } from './visitor-event-input.ts';
import type { VisitorLiveState, VisitView } from './visitor-live-state.ts';
import type { VisitHit } from './visitor-sessions.ts';

/** Receives every accepted event, in order, as the record the API stores (the history path). */
export type OnVisitorEventsAccepted = (records: VisitorEventRecord[]) => void;

/** Where accepted events go live: the dashboards' coalesced feed. */
export interface VisitorFeed {
  noteEvent(event: VisitorFeedEvent, visit: VisitView | undefined): void;
}

export interface VisitorCollectorDeps {
  state: VisitorLiveState;
  salts: DailySalts;
  readUserAgent(userAgent: string): UserAgentDetails;
  countries: IpCountryLookup;
  feed: VisitorFeed;
  onAccepted: OnVisitorEventsAccepted;
  clock: Clock;
  logger: Logger;
}

/** Who sent the request: the only source of identity for a visitor without a session id. */
export interface CollectorRequestContext {
  ip: string;
  userAgent: string;
}

// A client's own timestamp is kept for the history when plausible: not ahead of us, not a day old.
const clientClockAheadMs = 60_000;
const clientClockBehindMs = 86_400_000;

/**
 * The collector's one path for both routes: drops bots, works out who (session id, or the daily
 * salted hash), where from (the event's country, else the IP's) and on what (User-Agent), updates
 * the live state, feeds the dashboards and hands the records on. Counts what it took and dropped.
 */
export function createVisitorCollector(deps: VisitorCollectorDeps) {
  const { state, salts, countries, feed, clock } = deps;
  const counts = { accepted: 0, dropped: 0 };

  async function collect(
    inputs: readonly VisitorEventInput[],
    context: CollectorRequestContext,
  ): Promise<{ accepted: number; dropped: number; sessionId: string | null }> {
    const agent = deps.readUserAgent(context.userAgent);
    if (agent.bot) {
      counts.dropped += inputs.length;
      return { accepted: 0, dropped: inputs.length, sessionId: null };
    }
    await salts.prepare();
    let ipCountry: string | null | undefined;
    const hits: VisitHit[] = inputs.map((input) => {
      if (input.country === undefined && ipCountry === undefined) {
        ipCountry = countryName(countries.countryCode(context.ip));
      }
      return {
        visitorIds: input.clientSessionId
          ? [visitorIdForSession(input.clientSessionId)]
          : salts.visitorIds(context.ip, context.userAgent, input.site),
        clientSessionId: input.clientSessionId,
        name: input.name,
        page: input.page,
        referrer: input.referrer,
        country: input.country !== undefined ? countryName(input.country) : (ipCountry ?? null),
        device: input.device ?? agent.device,
        browser: agent.browser,
        os: agent.os,
        interactive: input.interactive,
      };
    });
    const recorded = await state.record(hits);
    const records: VisitorEventRecord[] = [];
    let lastSessionId: string | null = null;
    const now = clock.now();
    for (const [index, input] of inputs.entries()) {
      const { country, device } = hits[index] as VisitHit;
      const { sessionId, visitorId, visit } = recorded[index] as (typeof recorded)[number];
      lastSessionId = sessionId;
      const occurredAt = clientTime(input.occurredAt, now) ?? new Date(now).toISOString();
      // A visit keeps what its first event said; later events are recorded the same way, so history agrees.
      const record: VisitorEventRecord = {
        id: randomUUID(),
        site: input.site,
        name: input.name,
        occurredAt,
        visitorId,
        sessionId,
        page: input.page,
        referrer: visit?.referrer ?? input.referrer,
        country: visit?.country ?? country,
        device: visit?.device ?? device,
        browser: agent.browser,
        os: agent.os,
        engagedMs: input.engagedMs,
        props: input.props,
      };
      records.push(record);
      feed.noteEvent(
        {
          type: record.name,
          page: record.page,
          session_id: sessionId,
          timestamp: occurredAt,
          country: record.country,
          device: record.device,
          browser: record.browser,
          referrer: record.referrer,
        },
        visit,
      );
    }
    counts.accepted += records.length;
    if (records.length > 0) {
      try {
        deps.onAccepted(records);
      } catch (error) {
        // The history path must not fail the visitor's request; it logs, and the live state stands.
        deps.logger.error({ err: error }, 'onAccepted failed for visitor events');
      }
    }
    return { accepted: records.length, dropped: 0, sessionId: lastSessionId };
  }

  return {
    collect,
    /** An event refused before it reached the collector (Plausible body with no event, rate limit). */
    countDropped(count = 1): void {
      counts.dropped += count;
    },
    counts(): { accepted: number; dropped: number } {
      return { ...counts };
    },
  };
}

export type VisitorCollector = ReturnType<typeof createVisitorCollector>;

function clientTime(value: string | undefined, now: number): string | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (!(at <= now + clientClockAheadMs && at >= now - clientClockBehindMs)) return undefined;
  return new Date(at).toISOString();
}
