// The requests `pnpm bench:visitors:live` sends the collector: seed 002's body with a distinct
// session_id per visit, so the realtime service ends up holding `liveSessions` visits. Each
// autocannon connection cycles through a slice of its own (ingest-load-generator.ts splits the
// list in order), so after one pass of every connection each visit has had its first event.
import { visitorLiveRoutes } from '@showfloor/contracts';
import type { LoadRequest } from '../api/ingest-protocol.ts';

/** A few real browsers: the User-Agent reader caches what it parsed, as it does for real traffic. */
const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];
const devices = ['desktop', 'mobile', 'mobile', 'desktop'] as const;
/** Every fourth event names no country: the collector looks the IP up instead. */
const countries = ['IN', 'US', 'DE', undefined] as const;
const referrers = ['google.com', null, 'news.ycombinator.com', 'twitter.com', null];

export interface VisitorLoadShape {
  /** Distinct session_ids, hence live visits held once every one has been sent. */
  liveSessions: number;
  /** Distinct pages of the site (the size of `pages_visited` in every answer). */
  pages: number;
}

function seedBody(visit: number, shape: VisitorLoadShape, timestamp: string) {
  const country = countries[visit % countries.length];
  return {
    type: 'pageview',
    page: `/products/${visit % shape.pages}`,
    session_id: `bench-visit-${visit}`,
    timestamp,
    ...(country === undefined ? {} : { country }),
    metadata: { device: devices[visit % devices.length], referrer: referrers[visit % referrers.length] },
  };
}

const jsonHeaders = (visit: number) => ({
  'content-type': 'application/json',
  'user-agent': userAgents[visit % userAgents.length] as string,
});

/** `GET /health/live` on the same server: the HTTP ceiling. */
export function ceilingRequests(): LoadRequest[] {
  return [{ method: 'GET', path: '/health/live', headers: {} }];
}

/** One event a request, one request per visit. */
export function singleEventRequests(shape: VisitorLoadShape, timestamp: string): LoadRequest[] {
  return Array.from({ length: shape.liveSessions }, (_, visit) => ({
    method: 'POST' as const,
    path: visitorLiveRoutes.events,
    headers: jsonHeaders(visit),
    body: JSON.stringify(seedBody(visit, shape, timestamp)),
  }));
}

/** The batch form: `eventsPerBatch` consecutive visits' events in one array. */
export function batchRequests(shape: VisitorLoadShape, timestamp: string, eventsPerBatch: number): LoadRequest[] {
  return Array.from({ length: Math.ceil(shape.liveSessions / eventsPerBatch) }, (_, index) => {
    const first = index * eventsPerBatch;
    const visits = Array.from({ length: Math.min(eventsPerBatch, shape.liveSessions - first) }, (_, at) => first + at);
    return {
      method: 'POST' as const,
      path: visitorLiveRoutes.events,
      headers: jsonHeaders(first),
      body: JSON.stringify(visits.map((visit) => seedBody(visit, shape, timestamp))),
    };
  });
}
