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
  resultSetId = $state<number | null>(null);
  view = $state<'queue' | 'history'>('queue');
  search = $state('');
  list = $state.raw<EntryList>({ entries: [], total: 0 });
  error = $state<string | null>(null);
  /** Bumped on every change main reports, so lists refresh. */
  version = $state(0);

  constructor(private readonly api: Api) {}

  get event(): ResultEvent | null {
    return this.events.find((e) => e.eventId === this.eventId) ?? null;
  }

  start(): () => void {
    const off = this.api.on('results', (_s: QueueSummary) => {
      this.version++;
      void this.refresh();
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

  async chooseEvent(eventId: number): Promise<void> {
    this.eventId = eventId;
    await this.loadSets();
    await this.refresh();
  }

  async loadSets(): Promise<void> {
    if (this.eventId === null) return;
    try {
      const r = await this.api.getResultSets(this.eventId);
      this.sets = r.sets;
      this.setsFromCache = r.fromCache;
      // Default: the event's existing set (RunSignup creates one when there is none).
      this.resultSetId = r.sets[0]?.resultSetId ?? null;
    } catch (e) {
      this.sets = [];
      this.resultSetId = null;
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
