import type { VisitorDetailedStats, VisitorLiveSession } from '@showfloor/contracts/rest';
import type {
  SessionActivityPayload,
  VisitorAlertPayload,
  VisitorFeedEvent,
  VisitorUpdatePayload,
} from '@showfloor/contracts/socket';

/** Rows the page keeps: enough to read, few enough that hours of traffic never grow the page. */
export const liveLimits = { feed: 30, sessions: 50, alerts: 5 } as const;

/** A live session as the page shows it: the seed's fields, with what the feed told of its device and browser. */
export type LiveSessionRow = Pick<
  VisitorLiveSession,
  'session_id' | 'current_page' | 'journey' | 'duration' | 'country' | 'device' | 'browser' | 'last_activity'
>;

export interface ReceivedAlert extends VisitorAlertPayload {
  /** Unique within the page, for React's keys. */
  id: number;
  receivedAt: string;
}

/** A feed entry: the event, and a number unique within the page for React's keys (events carry no id). */
export interface FeedItem {
  key: number;
  event: VisitorFeedEvent;
}

export interface LiveVisitorsState {
  /** Sessions seen in the last 5 minutes that have not left; null until the first figure arrives. */
  activeNow: number | null;
  visitorsLastMinute: number | null;
  totalToday: number | null;
  /** Newest first. */
  feed: FeedItem[];
  /** Most recently active first. */
  sessions: LiveSessionRow[];
  /** Newest first. */
  alerts: ReceivedAlert[];
  /** Top pages, countries, devices… for the page's live filter. */
  detailed: VisitorDetailedStats | null;
}

export type LiveVisitorsAction =
  | { type: 'sessions-loaded'; sessions: VisitorLiveSession[] }
  | { type: 'detailed-loaded'; detailed: VisitorDetailedStats; filtered: boolean }
  | { type: 'headline-loaded'; detailed: VisitorDetailedStats }
  | { type: 'visitor-update'; payload: VisitorUpdatePayload }
  | { type: 'session-activity'; payload: SessionActivityPayload; at: string }
  | { type: 'alert'; payload: VisitorAlertPayload; at: string };

export const initialLiveVisitors: LiveVisitorsState = {
  activeNow: null,
  visitorsLastMinute: null,
  totalToday: null,
  feed: [],
  sessions: [],
  alerts: [],
  detailed: null,
};

/** Events a person reads as a visit's steps; `engagement` (time on a page) and `leave` only change figures. */
export function isFeedWorthy(event: VisitorFeedEvent): boolean {
  return event.type !== 'engagement' && event.type !== 'leave';
}

function byLastActivity(sessions: Iterable<LiveSessionRow>): LiveSessionRow[] {
  return [...sessions]
    .sort((a, b) => Date.parse(b.last_activity) - Date.parse(a.last_activity))
    .slice(0, liveLimits.sessions);
}

/** The feed's events folded into the sessions: a new visit appears at once, a known one learns its device. */
function withFeedSessions(sessions: LiveSessionRow[], events: readonly VisitorFeedEvent[]): LiveSessionRow[] {
  const rows = new Map(sessions.map((row) => [row.session_id, row]));
  for (const event of events) {
    const known = rows.get(event.session_id);
    const pageview = event.type === 'pageview';
    rows.set(event.session_id, {
      session_id: event.session_id,
      current_page: pageview ? event.page : (known?.current_page ?? event.page),
      journey: known?.journey ?? (pageview ? [event.page] : []),
      duration: known?.duration ?? 0,
      country: event.country ?? known?.country ?? null,
      device: event.device ?? known?.device ?? null,
      browser: event.browser ?? known?.browser ?? null,
      last_activity: event.timestamp,
    });
  }
  return byLastActivity(rows.values());
}

export function liveVisitorsReducer(state: LiveVisitorsState, action: LiveVisitorsAction): LiveVisitorsState {
  switch (action.type) {
    case 'sessions-loaded':
      // The service's list is the truth: finished visits leave it, and with them the page.
      return { ...state, sessions: byLastActivity(action.sessions) };
    case 'detailed-loaded':
      // Filtered stats count only the filter's sessions: the headline figures stay the whole site's.
      return action.filtered
        ? { ...state, detailed: action.detailed }
        : liveVisitorsReducer(
            { ...state, detailed: action.detailed },
            { type: 'headline-loaded', detailed: action.detailed },
          );
    case 'headline-loaded':
      return {
        ...state,
        activeNow: action.detailed.total_active,
        totalToday: action.detailed.total_today,
        visitorsLastMinute: action.detailed.visitors_last_minute,
      };
    case 'visitor-update': {
      const { events, stats } = action.payload;
      const arrived = events.length > 0 ? events : [action.payload.event];
      const nextKey = (state.feed[0]?.key ?? 0) + 1;
      const readable = arrived
        .filter(isFeedWorthy)
        .reverse()
        .map((event, index, all) => ({ key: nextKey + all.length - 1 - index, event }));
      return {
        ...state,
        activeNow: stats.total_active,
        totalToday: stats.total_today,
        visitorsLastMinute: stats.visitors_last_minute,
        feed: [...readable, ...state.feed].slice(0, liveLimits.feed),
        sessions: withFeedSessions(state.sessions, arrived),
      };
    }
    case 'session-activity': {
      const rows = new Map(state.sessions.map((row) => [row.session_id, row]));
      const changed = action.payload.sessions.length > 0 ? action.payload.sessions : [action.payload];
      for (const activity of changed) {
        const known = rows.get(activity.session_id);
        rows.set(activity.session_id, {
          country: null,
          device: null,
          browser: null,
          ...known,
          session_id: activity.session_id,
          current_page: activity.current_page,
          journey: activity.journey,
          duration: activity.duration,
          last_activity: known?.last_activity ?? action.at,
        });
      }
      return { ...state, sessions: byLastActivity(rows.values()) };
    }
    case 'alert': {
      const id = (state.alerts[0]?.id ?? 0) + 1;
      const alert: ReceivedAlert = { ...action.payload, id, receivedAt: action.at };
      return { ...state, alerts: [alert, ...state.alerts].slice(0, liveLimits.alerts) };
    }
  }
}

/** A count map as rows, most first (ties by name), at most `limit`. */
export function topRows(counts: Readonly<Record<string, number>>, limit = 8): { name: string; count: number }[] {
  return Object.entries(counts)
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
