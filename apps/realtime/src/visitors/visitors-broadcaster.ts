import type {
  SessionActivity,
  VisitorFeedBatch,
  VisitorFeedEvent,
  VisitorsServerToClientEvents,
} from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import { Coalescer } from '../broadcast/coalescer.ts';
import { SpikeAlert } from './spike-alert.ts';
import type { VisitorFeed } from './visitor-collector.ts';
import type { VisitorLiveState, VisitView } from './visitor-live-state.ts';
import { durationSeconds } from './visitor-sessions.ts';

/** Socket.IO room every dashboard socket joins. */
export const dashboardsRoom = 'visitors:dashboards';
const maxEventsPerBatch = 100;
const maxSessionsPerBatch = 100;
/** How long this node's events gather before they go to the other nodes' dashboards. */
const shareIntervalMs = 50;

export interface DashboardEmitter {
  emit<E extends keyof VisitorsServerToClientEvents>(
    event: E,
    ...payload: Parameters<VisitorsServerToClientEvents[E]>
  ): unknown;
}

/**
 * Events and changed visits gathered for one batch, bounded: the newest 100 events (`omitted`
 * counts the rest) and the 100 most recently changed visits.
 */
class PendingBatch {
  events: VisitorFeedEvent[] = [];
  omitted = 0;
  changed = new Map<string, VisitView | SessionActivity>();

  addEvent(event: VisitorFeedEvent): void {
    // Trimmed in halves rather than one shift an event (which moved 100 entries each time).
    this.events.push(event);
    if (this.events.length >= 2 * maxEventsPerBatch) this.keepNewestEvents();
  }

  addVisit(id: string, visit: VisitView | SessionActivity): void {
    this.changed.delete(id);
    this.changed.set(id, visit);
    if (this.changed.size > maxSessionsPerBatch) this.changed.delete(this.changed.keys().next().value as string);
  }

  /** Empties the batch; what it held, newest session first. */
  take(): VisitorFeedBatch {
    const excess = this.events.length - maxEventsPerBatch;
    const events = excess > 0 ? this.events.slice(excess) : this.events;
    const batch = {
      events,
      omitted: this.omitted + Math.max(0, excess),
      sessions: [...this.changed.values()].reverse().map(activityOf),
    };
    this.events = [];
    this.omitted = 0;
    this.changed = new Map();
    return batch;
  }

  private keepNewestEvents(): void {
    const excess = this.events.length - maxEventsPerBatch;
    this.events = this.events.slice(excess);
    this.omitted += excess;
  }
}

function activityOf(visit: VisitView | SessionActivity): SessionActivity {
  if ('session_id' in visit) return visit;
  return {
    session_id: visit.id,
    current_page: visit.currentPage,
    journey: [...visit.journey],
    duration: durationSeconds(visit),
  };
}

/**
 * The dashboards' live feed, coalesced: events gather, and at most one `visitor_update` and one
 * `session_activity` go to this node's dashboards per `intervalMs` (the first at once, the rest on
 * a trailing timer), so 20,000 events a second cost each dashboard one write a second. With
 * several nodes (`share`), each node sends its own events to the others every 50 ms, and puts
 * theirs (`noteShared`) into its own batches: a dashboard sees every node's events, still one
 * batch per interval, with the cluster's stats. Spike alerts are checked on every event and on
 * `tick` (falling traffic re-arms them without events), on the cluster's figure with several
 * nodes: each node alerts its own dashboards, once per crossing.
 */
export class VisitorsBroadcaster implements VisitorFeed {
  private readonly coalescer: Coalescer;
  private readonly pending = new PendingBatch();
  /** This node's events not yet sent to the other nodes. */
  private readonly outgoing = new PendingBatch();
  private readonly alert: SpikeAlert;
  /** Flushes run one after another: each reads the stats first, and batches must not overtake. */
  private flushing: Promise<void> = Promise.resolve();
  /** Made once: `noteEvent` runs for every accepted event. */
  private readonly flushNow = () => {
    // A failed flush loses its batch, never the feed: the next one still runs.
    this.flushing = this.flushing
      .then(() => this.flush())
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'visitor feed batch not sent'));
  };
  private readonly shareNow = () => this.deps.share?.(this.outgoing.take());

  constructor(
    private readonly deps: {
      /** This node's dashboards. */
      room: () => DashboardEmitter;
      state: VisitorLiveState;
      clock: Clock;
      intervalMs: number;
      alertThreshold: number;
      logger: Logger;
      /** Sends this node's events to the other nodes (several nodes only). */
      share?: ((batch: VisitorFeedBatch) => void) | undefined;
    },
  ) {
    this.coalescer = new Coalescer(deps.clock, deps.intervalMs);
    this.alert = new SpikeAlert(deps.alertThreshold);
  }

  noteEvent(event: VisitorFeedEvent, visit: VisitView | undefined): void {
    this.pending.addEvent(event);
    if (visit) this.pending.addVisit(visit.id, visit);
    if (this.deps.share) {
      this.outgoing.addEvent(event);
      if (visit) this.outgoing.addVisit(visit.id, visit);
      this.coalescer.request('share', this.shareNow, shareIntervalMs);
    }
    this.coalescer.request('dashboards', this.flushNow);
    this.checkAlert();
  }

  /** Another node's events, for this node's dashboards. */
  noteShared(batch: VisitorFeedBatch): void {
    for (const event of batch.events) this.pending.addEvent(event);
    this.pending.omitted += batch.omitted;
    for (const activity of [...batch.sessions].reverse()) this.pending.addVisit(activity.session_id, activity);
    if (batch.events.length > 0) this.coalescer.request('dashboards', this.flushNow);
  }

  /** Re-reads the spike figure (called on the sweep timer, after the state refreshed). */
  tick(): void {
    this.checkAlert();
  }

  stop(): void {
    this.coalescer.clear();
  }

  private async flush(): Promise<void> {
    const { events, omitted, sessions } = this.pending.take();
    const latest = events.at(-1);
    if (!latest) return;
    await this.deps.state.refresh();
    const room = this.deps.room();
    room.emit('visitor_update', { event: latest, events, omitted, stats: this.deps.state.latest() });
    const [newest] = sessions;
    if (newest) room.emit('session_activity', { ...newest, sessions });
    this.checkAlert();
  }

  private checkAlert(): void {
    const visitorsLastMinute = this.deps.state.latest().visitors_last_minute;
    if (!this.alert.check(visitorsLastMinute)) return;
    this.deps.room().emit('alert', {
      level: 'warning',
      message: 'High visitor activity detected!',
      details: { visitors_last_minute: visitorsLastMinute, threshold: this.deps.alertThreshold },
    });
  }
}
