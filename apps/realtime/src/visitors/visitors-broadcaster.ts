import type { SessionActivity, VisitorFeedEvent, VisitorsServerToClientEvents } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import { Coalescer } from '../broadcast/coalescer.ts';
import { SpikeAlert } from './spike-alert.ts';
import type { VisitorFeed } from './visitor-collector.ts';
import { durationSeconds, type LiveVisit, type VisitorSessions } from './visitor-sessions.ts';

/** Socket.IO room every dashboard socket joins. */
export const dashboardsRoom = 'visitors:dashboards';
const maxEventsPerBatch = 100;
const maxSessionsPerBatch = 100;

export interface DashboardEmitter {
  emit<E extends keyof VisitorsServerToClientEvents>(
    event: E,
    ...payload: Parameters<VisitorsServerToClientEvents[E]>
  ): unknown;
}

/**
 * The dashboards' live feed, coalesced: events gather, and at most one `visitor_update` and one
 * `session_activity` go to the dashboard room per `intervalMs` (the first at once, the rest on a
 * trailing timer), so 20,000 events a second cost each dashboard one write a second. Spike alerts
 * are checked on every event and on `tick` (falling traffic re-arms them without events).
 */
export class VisitorsBroadcaster implements VisitorFeed {
  private readonly coalescer: Coalescer;
  private events: VisitorFeedEvent[] = [];
  private omitted = 0;
  private changed = new Map<string, LiveVisit>();
  private readonly alert: SpikeAlert;
  /** Made once: `noteEvent` runs for every accepted event. */
  private readonly flushNow = () => this.flush();

  constructor(
    private readonly deps: {
      room: () => DashboardEmitter;
      sessions: VisitorSessions;
      clock: Clock;
      intervalMs: number;
      alertThreshold: number;
    },
  ) {
    this.coalescer = new Coalescer(deps.clock, deps.intervalMs);
    this.alert = new SpikeAlert(deps.alertThreshold);
  }

  noteEvent(event: VisitorFeedEvent, visit: LiveVisit | undefined): void {
    // Keep the newest: a dashboard's feed shows the latest, and `omitted` says how many it missed.
    // Trimmed in halves rather than one shift an event (which moved 100 entries each time).
    this.events.push(event);
    if (this.events.length >= 2 * maxEventsPerBatch) this.keepNewestEvents();
    if (visit) {
      this.changed.delete(visit.id);
      this.changed.set(visit.id, visit);
      if (this.changed.size > maxSessionsPerBatch) this.changed.delete(this.changed.keys().next().value as string);
    }
    this.coalescer.request('dashboards', this.flushNow);
    this.checkAlert();
  }

  /** Re-reads the spike figure (called on the sweep timer). */
  tick(): void {
    this.checkAlert();
  }

  stop(): void {
    this.coalescer.clear();
  }

  private keepNewestEvents(): void {
    const excess = this.events.length - maxEventsPerBatch;
    if (excess <= 0) return;
    this.events = this.events.slice(excess);
    this.omitted += excess;
  }

  private flush(): void {
    this.keepNewestEvents();
    const events = this.events;
    const omitted = this.omitted;
    const changed = [...this.changed.values()];
    this.events = [];
    this.omitted = 0;
    this.changed = new Map();
    const latest = events.at(-1);
    if (!latest) return;
    const room = this.deps.room();
    const { sessions } = this.deps;
    room.emit('visitor_update', {
      event: latest,
      events,
      omitted,
      stats: { ...sessions.currentStats(), visitors_last_minute: sessions.visitorsLastMinute() },
    });
    const activities: SessionActivity[] = changed.reverse().map((visit) => ({
      session_id: visit.id,
      current_page: visit.currentPage,
      journey: [...visit.journey],
      duration: durationSeconds(visit),
    }));
    const [newest] = activities;
    if (newest) room.emit('session_activity', { ...newest, sessions: activities });
  }

  private checkAlert(): void {
    const visitorsLastMinute = this.deps.sessions.visitorsLastMinute();
    if (!this.alert.check(visitorsLastMinute)) return;
    this.deps.room().emit('alert', {
      level: 'warning',
      message: 'High visitor activity detected!',
      details: { visitors_last_minute: visitorsLastMinute, threshold: this.deps.alertThreshold },
    });
  }
}
