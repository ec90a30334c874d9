import type {
  Api,
  CheckedRow,
  CommitOutcome,
  DraftRow,
  EntryList,
  EntryView,
  QueueSummary,
  ResultEvent,
  ResultSetInfo,
} from '../../../preload/api';
import { attempt, type Attempted } from './attempt';
import { resultsKept, type ResultsKept } from './results-kept.svelte';

type ResultsApi = Pick<
  Api,
  | 'on'
  | 'getResultEvents'
  | 'getResultSets'
  | 'listEntries'
  | 'setElevationRequired'
  | 'sendHeldResults'
  | 'checkRow'
  | 'commitResults'
  | 'editEntry'
  | 'deleteEntry'
  | 'exportEntries'
  | 'resumeSending'
>;

type Source = 'keyboard' | 'paste' | 'csv';

/** How long a deleted row can be brought back. */
export const UNDO_MS = 10_000;

/**
 * The Results screen's state and actions: the chosen event and result set, the rows shown, and
 * what staff do to rows (check, save, edit, delete and undo, export, send again).
 */
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
  /** Why an action on one row (edit, delete, undo) failed, shown on that row. */
  rowProblem = $state<{ id: number; text: string } | null>(null);
  /** The row just deleted, while it can be brought back. */
  deleted = $state<EntryView | null>(null);
  exportMessage = $state<string | null>(null);
  /** Numbers the event-list questions, so a late answer never replaces a newer one. */
  private eventsAsked = 0;
  private eventsApplied = 0;
  private undoTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: ResultsApi,
    private readonly kept: ResultsKept = resultsKept,
  ) {}

  get event(): ResultEvent | null {
    return this.events.find((e) => e.eventId === this.eventId) ?? null;
  }

  /** Starts listening; returns the function that stops (the screen goes away). */
  start(): () => void {
    const off = this.api.on('results', (_s: QueueSummary) => {
      this.version++;
      void this.refresh();
      void this.refreshEvents();
    });
    void this.loadEvents();
    return () => {
      off();
      this.stopUndo();
    };
  }

  async loadEvents(): Promise<void> {
    const r = await attempt(async () => {
      this.events = await this.api.getResultEvents();
      if (this.eventId === null || !this.events.some((e) => e.eventId === this.eventId)) {
        this.eventId = this.events[0]?.eventId ?? null;
      }
      await this.loadSets();
      await this.refresh();
    });
    if (!r.ok) this.error = r.failure.message;
  }

  /** Held counts and elevation marks change as rows are sent: reload the events quietly. */
  async refreshEvents(): Promise<void> {
    const asked = ++this.eventsAsked;
    // A failure is left to the next change, which tries again.
    const r = await attempt(() => this.api.getResultEvents());
    if (!r.ok) return;
    // An answer to an earlier question that arrives after a later one is stale: drop it.
    if (asked < this.eventsApplied) return;
    this.eventsApplied = asked;
    const wasKnown = this.event?.setsKnown ?? false;
    this.events = r.value;
    if (!wasKnown && this.event?.setsKnown) await this.loadSets();
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
    const r = await attempt(() => this.api.getResultSets(eventId));
    // Staff switched events meanwhile: this list belongs to the last one.
    if (this.eventId !== eventId) return;
    if (!r.ok) {
      this.sets = [];
      this.setsKnown = false;
      this.resultSetId = null;
      this.error = r.failure.message;
      return;
    }
    this.sets = r.value.sets;
    this.setsFromCache = r.value.fromCache;
    this.setsKnown = r.value.known;
    // One set: that one. Several: none until staff choose (rows typed meanwhile are held).
    // None: RunSignup creates one. Not known yet: rows are held until the list arrives.
    this.resultSetId = r.value.sets.length === 1 ? (r.value.sets[0]?.resultSetId ?? null) : null;
  }

  /** Staff mark the chosen event as requiring elevation gain, or take the mark off. */
  async setElevationRequired(required: boolean): Promise<void> {
    const eventId = this.eventId;
    if (eventId === null) return;
    const r = await attempt(() => this.api.setElevationRequired({ eventId, required }));
    if (r.ok) this.events = r.value;
    else this.error = r.failure.message;
  }

  /** Sends the chosen event's held rows to `resultSetId`. */
  async sendHeld(resultSetId: number): Promise<void> {
    const eventId = this.eventId;
    if (eventId === null) return;
    const r = await attempt(async () => {
      await this.api.sendHeldResults({ eventId, resultSetId });
      this.events = await this.api.getResultEvents();
      await this.refresh();
    });
    if (!r.ok) this.error = r.failure.message;
  }

  async refresh(): Promise<void> {
    const r = await attempt(() =>
      this.api.listEntries({
        view: this.view,
        eventId: this.eventId,
        search: this.search.trim(),
        limit: 500,
        offset: 0,
      }),
    );
    if (!r.ok) {
      this.error = r.failure.message;
      return;
    }
    this.list = r.value;
    this.error = null;
  }

  setView(view: 'queue' | 'history'): void {
    this.view = view;
    void this.refresh();
  }

  /** One typed row checked against the roster of the chosen event (the name as a bib is typed). */
  async check(row: DraftRow): Promise<Attempted<CheckedRow> | null> {
    const eventId = this.eventId;
    if (eventId === null) return null;
    return attempt(() => this.api.checkRow({ eventId, row }));
  }

  /** Saves rows to the chosen event and result set; the answer says which were refused. */
  async commit(rows: DraftRow[], source: Source): Promise<Attempted<CommitOutcome>> {
    const eventId = this.eventId;
    if (eventId === null)
      return { ok: false, failure: { kind: 'invalid-input', message: 'Choose a virtual event.' } };
    const resultSetId = this.resultSetId;
    return attempt(() => this.api.commitResults({ eventId, resultSetId, rows, source }));
  }

  /** Corrects a queued or needs-fix row; false (and the reason on the row) when main refuses. */
  async edit(entry: EntryView, row: DraftRow): Promise<boolean> {
    const r = await attempt(() => this.api.editEntry({ id: entry.id, row }));
    if (!r.ok) {
      this.rowProblem = { id: entry.id, text: r.failure.message };
      return false;
    }
    void this.refresh();
    return true;
  }

  /** Deletes a row before it is sent; it can be brought back for `UNDO_MS`. */
  async remove(entry: EntryView): Promise<void> {
    const r = await attempt(() => this.api.deleteEntry(entry.id));
    if (!r.ok) {
      this.rowProblem = { id: entry.id, text: r.failure.message };
      return;
    }
    // The "✓ Saved … queued" line about this runner is no longer true.
    if (this.kept.saved?.registrationId === entry.registrationId) this.kept.saved = null;
    this.stopUndo();
    this.deleted = entry;
    this.undoTimer = setTimeout(() => (this.deleted = null), UNDO_MS);
    void this.refresh();
  }

  /** Saves the deleted row again, as it was. */
  async undoDelete(): Promise<void> {
    const e = this.deleted;
    if (!e) return;
    this.stopUndo();
    this.deleted = null;
    const r = await attempt(() =>
      this.api.commitResults({
        eventId: e.eventId,
        resultSetId: e.resultSetId,
        rows: [
          {
            registrationId: String(e.registrationId),
            clockTime: e.clockTime,
            ...(e.tallyMode === 'set' && e.tally !== null ? { tally: String(e.tally) } : {}),
            ...(e.elevationMm !== null ? { elevation: String(e.elevationMm) } : {}),
            replace: true,
          },
        ],
        source: 'keyboard',
      }),
    );
    if (r.ok) void this.refresh();
    else this.rowProblem = { id: e.id, text: r.failure.message };
  }

  private stopUndo(): void {
    if (this.undoTimer) clearTimeout(this.undoTimer);
    this.undoTimer = null;
  }

  /** The rows of the view shown, to a CSV file. */
  async exportView(): Promise<void> {
    const r = await attempt(() => this.api.exportEntries(this.view));
    this.exportMessage = r.ok ? `Saved ${r.value.rows} rows to ${r.value.path}` : r.failure.message;
  }

  /** Sending paused (credentials, permission): try again. */
  async resume(): Promise<void> {
    const r = await attempt(() => this.api.resumeSending());
    if (!r.ok) this.error = r.failure.message;
  }
}
