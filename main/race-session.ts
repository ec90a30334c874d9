import type { Database } from 'better-sqlite3';
import type {
  FeedDelta,
  FeedSnapshot,
  LookupResult,
  PersonHit,
  RaceSummary,
  RosterProgress,
} from '../preload/api';
import { CheckinPoller } from './checkins/checkin-poller';
import { CheckinStore } from './checkins/checkin-store';
import type { MergeOutcome } from './checkins/checkin-store';
import type { Clock } from './clock';
import { SyncState } from './db/sync-state';
import type { Logger } from './logging';
import {
  checkinCeilingTs,
  checkinFloorTs,
  chosenEventIds,
  datedEvent,
  rosterEventIds,
} from './roster/event-days';
import { cachedEvents, raceSummary } from './roster/event-summary';
import { lookup } from './roster/lookup';
import { RosterStore } from './roster/roster-store';
import { RosterSync } from './roster/roster-sync';
import type { FlushBackoff } from './results/flush-policy';
import type { FlushConnectivity } from './results/flusher';
import { ResultsService } from './results/results-service';
import type { RunSignupClient } from './runsignup/client';

export interface SessionTimings {
  rosterIntervalMs?: number;
  resultBackoff?: FlushBackoff;
  reconcileEveryMs?: number;
  /** How often the last 30 minutes of check-ins are re-read (late uploads; checkin-poller.ts). */
  recentEveryMs?: number;
  checkinOverlapS?: number;
}

export interface RaceSessionDeps {
  db: Database;
  raceId: number;
  client: RunSignupClient;
  clock: Clock;
  logger: Logger;
  isOnline: () => boolean;
  pollIntervalMs: () => number;
  /**
   * Staff's choice of events (Settings); empty = the race's current or next event day
   * (event-days.ts). Roster, feed, counts, lookup and results use only the chosen events.
   */
  eventIds: () => number[];
  emitFeed: (delta: FeedDelta) => void;
  statusChanged: () => void;
  connectivity: FlushConnectivity;
  deviceName: () => string;
  /** Result rows changed state. */
  resultsChanged: () => void;
  timings?: SessionTimings;
}

/**
 * Everything that belongs to one connected race: its roster cache, its check-in feed and the
 * loops that keep them current. Switching race disposes the session and builds a new one.
 */
export class RaceSession {
  readonly roster: RosterStore;
  readonly checkins: CheckinStore;
  readonly sync: SyncState;
  readonly rosterSync: RosterSync;
  readonly poller: CheckinPoller;
  readonly results: ResultsService;
  rosterProgress: RosterProgress | null = null;
  lastSyncAt: number | null;
  pollError: string | null = null;

  constructor(private readonly deps: RaceSessionDeps) {
    const { db, raceId, client, clock, logger } = deps;
    this.roster = new RosterStore(db, raceId);
    this.checkins = new CheckinStore(db, raceId);
    this.sync = new SyncState(db, raceId);
    this.lastSyncAt = this.sync.getNumber('checkins.syncedAt');
    this.results = new ResultsService({
      db,
      raceId,
      roster: this.roster,
      client,
      clock,
      logger,
      connectivity: deps.connectivity,
      deviceName: deps.deviceName,
      changed: deps.resultsChanged,
      backoff: deps.timings?.resultBackoff,
      chosenEventIds: () => this.chosenEventIds(),
    });
    this.rosterSync = new RosterSync({
      client,
      raceId,
      store: this.roster,
      sync: this.sync,
      clock,
      logger,
      isOnline: deps.isOnline,
      intervalMs: deps.timings?.rosterIntervalMs,
      onProgress: (p) => {
        this.rosterProgress = p;
        if (p.phase === 'done') this.emitReset();
        deps.statusChanged();
      },
      onChange: (ids) => this.rosterChanged(ids),
      chooseEvents: (events) =>
        rosterEventIds(events, chosenEventIds(events, deps.eventIds(), clock.now())),
      withRoster: () => this.results.downloadResultSets(),
    });
    this.poller = new CheckinPoller({
      client,
      raceId,
      store: this.checkins,
      sync: this.sync,
      clock,
      logger,
      intervalMs: deps.pollIntervalMs,
      isOnline: deps.isOnline,
      overlapS: deps.timings?.checkinOverlapS,
      reconcileEveryMs: deps.timings?.reconcileEveryMs,
      recentEveryMs: deps.timings?.recentEveryMs,
      floorTs: () => checkinFloorTs(this.roster.events().map(datedEvent), this.chosenEventIds()),
      ceilingTs: () =>
        checkinCeilingTs(this.roster.events().map(datedEvent), this.chosenEventIds()),
      ready: () => this.roster.events().length > 0,
      onChange: (o) => this.checkinsChanged(o),
      onSynced: (at) => {
        this.lastSyncAt = at;
        this.sync.set('checkins.syncedAt', at);
        deps.statusChanged();
      },
      onError: (message) => {
        if (message !== this.pollError) {
          this.pollError = message;
          deps.statusChanged();
        }
      },
    });
  }

  start(): void {
    this.results.start();
    this.rosterSync.start();
    this.poller.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.rosterSync.stop(), this.poller.stop(), this.results.stop()]);
  }

  /** The connection came back: catch up at once. */
  reconnected(): void {
    this.poller.kick();
    this.rosterSync.kick();
  }

  /** The events in use: staff's choice, else the current or next event day (event-days.ts). */
  chosenEventIds(): number[] {
    const events = this.roster.events().map(datedEvent);
    return chosenEventIds(events, this.deps.eventIds(), this.deps.clock.now());
  }

  /** The choice changed in Settings: the roster follows (reloading for other events). */
  eventsChosen(): void {
    this.rosterSync.kick();
    this.poller.reconcileSoon();
  }

  eventNames(): Map<number, string> {
    return new Map(this.roster.events().map((e) => [e.eventId, e.name]));
  }

  summary(): RaceSummary | null {
    const name = this.roster.raceName();
    if (name === null) return null;
    return raceSummary(
      { raceId: this.deps.raceId, name },
      cachedEvents(this.roster),
      this.roster.countsByEvent(),
      this.chosenEventIds(),
      this.deps.clock.now(),
    );
  }

  feed(): FeedSnapshot {
    const eventIds = this.chosenEventIds();
    return {
      rows: this.checkins.feed(eventIds),
      stats: this.checkins.stats(eventIds, this.deps.clock.now()),
    };
  }

  search(query: string): LookupResult {
    return lookup(query, this.roster, this.checkins, this.eventNames());
  }

  notPickedUp(eventId: number): PersonHit[] {
    return this.checkins.notPickedUp(eventId);
  }

  private emitReset(): void {
    const { rows, stats } = this.feed();
    this.deps.emitFeed({ reset: true, rows, removed: [], stats });
  }

  private checkinsChanged(outcome: MergeOutcome): void {
    if (outcome.initial) {
      this.emitReset();
      return;
    }
    const eventIds = this.chosenEventIds();
    this.deps.emitFeed({
      reset: false,
      rows: this.checkins.feedRowsFor(outcome.changed, eventIds),
      removed: outcome.removed,
      stats: this.checkins.stats(eventIds, this.deps.clock.now()),
    });
  }

  /** Names filled in (or taken away) for check-ins the roster did not know. */
  private rosterChanged(ids: number[]): void {
    if (this.rosterProgress?.phase === 'loading') return;
    const checkedIn = ids.filter((id) => this.checkins.checkinTsOf(id) !== null);
    if (checkedIn.length === 0) return;
    const eventIds = this.chosenEventIds();
    this.deps.emitFeed({
      reset: false,
      rows: this.checkins.feedRowsFor(checkedIn, eventIds),
      removed: [],
      stats: this.checkins.stats(eventIds, this.deps.clock.now()),
    });
  }
}
