import type {
  Api,
  EntryList,
  QueueSummary,
  ResultEvent,
  ResultSetInfo,
} from '../../../preload/api';
import { failureOf } from '../../../preload/failure';

/** The Results screen's shared state: chosen event and result set, and the rows shown. */
export class ResultsState {
  events = $state.raw<ResultEvent[]>([]);
  eventId = $state<number | null>(null);
  sets = $state.raw<ResultSetInfo[]>([]);
  setsFromCache = $state(false);
  /** The event's result sets were downloaded (otherwise rows typed now are held). */
  setsKnown = $state(false);
  resultSetId = $state<number | null>(null);
  view = $state<'queue' | 'history'>('queue');
  search = $state('');
  list = $state.raw<EntryList>({ entries: [], total: 0 });
  error = $state<string | null>(null);
  /** Bumped on every change main reports, so lists refresh. */
  version = $state(0);
  /** Numbers the event-list questions, so a late answer never replaces a newer one. */
  private eventsAsked = 0;
  private eventsApplied = 0;

  constructor(private readonly api: Api) {}

  get event(): ResultEvent | null {
    return this.events.find((e) => e.eventId === this.eventId) ?? null;
  }

  start(): () => void {
    const off = this.api.on('results', (_s: QueueSummary) => {
      this.version++;
      void this.refresh();
      void this.refreshEvents();
    });
    void this.loadEvents();
    return off;
  }

  async loadEvents(): Promise<void> {
    try {
      this.events = await this.api.getResultEvents();
      if (this.eventId === null || !this.events.some((e) => e.eventId === this.eventId)) {
        this.eventId = this.events[0]?.eventId ?? null;
      }
      await this.loadSets();
      await this.refresh();
    } catch (e) {
      this.error = failureOf(e).message;
    }
  }

  /** Held counts and elevation marks change as rows are sent: reload the events quietly. */
  async refreshEvents(): Promise<void> {
    const asked = ++this.eventsAsked;
    try {
      const events = await this.api.getResultEvents();
      // An answer to an earlier question that arrives after a later one is stale: drop it.
      if (asked < this.eventsApplied) return;
      this.eventsApplied = asked;
      const wasKnown = this.event?.setsKnown ?? false;
      this.events = events;
      if (!wasKnown && this.event?.setsKnown) await this.loadSets();
    } catch {
      // The next change tries again.
    }
  }

  async chooseEvent(eventId: number): Promise<void> {
    this.eventId = eventId;
    // The last event's set must not stay chosen while this event's list loads.
    this.sets = [];
    this.setsKnown = false;
    this.resultSetId = null;
    await this.loadSets();
    await this.refresh();
  }

  async loadSets(): Promise<void> {
    const eventId = this.eventId;
    if (eventId === null) return;
    try {
      const r = await this.api.getResultSets(eventId);
      // Staff switched events meanwhile: this list belongs to the last one.
      if (this.eventId !== eventId) return;
      this.sets = r.sets;
      this.setsFromCache = r.fromCache;
      this.setsKnown = r.known;
      // One set: that one. Several: none until staff choose (rows typed meanwhile are held).
      // None: RunSignup creates one. Not known yet: rows are held until the list arrives.
      this.resultSetId = r.sets.length === 1 ? (r.sets[0]?.resultSetId ?? null) : null;
    } catch (e) {
      if (this.eventId !== eventId) return;
      this.sets = [];
      this.setsKnown = false;
      this.resultSetId = null;
      this.error = failureOf(e).message;
    }
  }

  /** Staff mark the chosen event as requiring elevation gain, or take the mark off. */
  async setElevationRequired(required: boolean): Promise<void> {
    if (this.eventId === null) return;
    try {
      this.events = await this.api.setElevationRequired({ eventId: this.eventId, required });
    } catch (e) {
      this.error = failureOf(e).message;
    }
  }

  /** Sends the chosen event's held rows to `resultSetId`. */
  async sendHeld(resultSetId: number): Promise<void> {
    if (this.eventId === null) return;
    try {
      await this.api.sendHeldResults({ eventId: this.eventId, resultSetId });
      this.events = await this.api.getResultEvents();
      await this.refresh();
    } catch (e) {
      this.error = failureOf(e).message;
    }
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.api.listEntries({
        view: this.view,
        eventId: this.eventId,
        search: this.search.trim(),
        limit: 500,
        offset: 0,
      });
      this.error = null;
    } catch (e) {
      this.error = failureOf(e).message;
    }
  }
}
