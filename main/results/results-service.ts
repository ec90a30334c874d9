import type {
  CheckedRow,
  CommitOutcome,
  DraftRow,
  EntryList,
  EntryView,
  ImportPreview,
  QueueSummary,
  ResultEvent,
  ResultSetInfo,
} from '../../preload/api';
import { AppError } from '../app-error';
import type { CsvTable } from '../exports';
import type { RosterStore } from '../roster/roster-store';
import type { RunSignupClient } from '../runsignup/client';
import { STANDING_STATES, toEntryView } from './entry-row';
import { EntryQueries } from './entry-queries';
import { ResultEntryStore } from './entry-store';
import { historyTable, queueTable } from './entry-tables';
import type { FlushBackoff } from './flush-policy';
import type { FlushConnectivity } from './flusher';
import { ResultFlusher } from './flusher';
import type { RawRow } from './import';
import { parseResultTable } from './import';
import { ResultOutbox } from './outbox';
import type { ResultEventsDeps } from './result-events';
import { ResultEvents } from './result-events';
import { RowChecks } from './row-checks';

/** What the virtual events need (the race's database, clock, log, …) and what the queue needs. */
export interface ResultsServiceDeps extends Omit<
  ResultEventsDeps,
  'roster' | 'client' | 'released'
> {
  roster: RosterStore;
  client: Pick<RunSignupClient, 'postUserResults' | 'getResultSets'>;
  connectivity: FlushConnectivity;
  deviceName: () => string;
  backoff?: FlushBackoff;
  batchSize?: number;
}

/**
 * The Results screen's main-process side for one race: rows checked against the cached roster
 * (row-checks.ts), the durable entries (entry-store.ts, entry-queries.ts), the virtual events
 * with their rules and result sets (result-events.ts), and the one flusher that sends the
 * queue to RunSignup (flusher.ts). Its collaborators stay inside: callers use these methods.
 */
export class ResultsService {
  private readonly store: ResultEntryStore;
  private readonly entries: EntryQueries;
  private readonly virtualEvents: ResultEvents;
  private readonly checks: RowChecks;
  private readonly flusher: ResultFlusher;
  private readonly offChange: () => void;

  constructor(private readonly deps: ResultsServiceDeps) {
    const { db, raceId } = deps;
    this.store = new ResultEntryStore(db, raceId, deps.clock);
    this.entries = new EntryQueries(db, raceId);
    this.virtualEvents = new ResultEvents({
      ...deps,
      released: () => this.flusher.kick(),
    });
    this.checks = new RowChecks({
      roster: deps.roster,
      event: (eventId) => this.virtualEvents.get(eventId),
      entries: this.entries,
    });
    this.flusher = new ResultFlusher({
      outbox: new ResultOutbox(db, raceId),
      client: deps.client,
      raceId,
      clock: deps.clock,
      logger: deps.logger,
      connectivity: deps.connectivity,
      backoff: deps.backoff,
      batchSize: deps.batchSize,
      onElevationRequired: (eventId, message) =>
        this.virtualEvents.elevationRefused(eventId, message),
      requiresElevation: (eventId) => this.virtualEvents.requiresElevation(eventId),
    });
    this.offChange = this.flusher.onChange(() => deps.changed());
  }

  start(): void {
    this.flusher.start();
  }

  async stop(): Promise<void> {
    this.offChange();
    await this.flusher.stop();
  }

  /** Results not yet confirmed by RunSignup (queued, sending or waiting for a fix). */
  unsent(): number {
    return this.entries.unsentCount();
  }

  /** Sending goes again (after a pause that needed a person). */
  resume(): void {
    this.flusher.resume();
  }

  /** Sending waits, saying why, until `resume`. */
  pause(reason: string): void {
    this.flusher.pause(reason);
  }

  /** The queue (every unsent entry) or the history (every sent one), as a CSV table. */
  export(view: 'queue' | 'history'): CsvTable {
    return view === 'queue' ? queueTable(this.entries.unsent()) : historyTable(this.entries.sent());
  }

  /** The race's virtual events, with their rules, result sets and held rows. */
  events(): ResultEvent[] {
    return this.virtualEvents.list();
  }

  /** Staff mark an event as requiring elevation gain (or take the mark off). */
  setElevationRequired(eventId: number, required: boolean): ResultEvent[] {
    return this.virtualEvents.setElevationRequired(eventId, required);
  }

  /** The result sets of the virtual events in use, with the roster (held rows they settle go). */
  downloadResultSets(): Promise<void> {
    return this.virtualEvents.downloadResultSets();
  }

  /** Staff chose the result set for the event's held rows: they are sent there. */
  sendHeld(eventId: number, resultSetId: number): number {
    return this.virtualEvents.sendHeld(eventId, resultSetId);
  }

  resultSets(
    eventId: number,
  ): Promise<{ sets: ResultSetInfo[]; fromCache: boolean; known: boolean }> {
    return this.virtualEvents.resultSets(eventId);
  }

  checkRow(eventId: number, row: DraftRow): CheckedRow {
    return this.checks.checkRow(eventId, row);
  }

  preview(eventId: number, text: string): ImportPreview {
    return this.checks.preview(eventId, text);
  }

  commitRows(
    eventId: number,
    resultSetId: number | null,
    rows: DraftRow[],
    source: 'keyboard' | 'paste' | 'csv',
  ): CommitOutcome {
    const replace = new Set(rows.flatMap((r, i) => (r.replace ? [i + 1] : [])));
    return this.commitRaw(
      eventId,
      resultSetId,
      rows.map(({ replace: _replace, ...r }, i) => ({ line: i + 1, ...r })),
      source,
      replace,
    );
  }

  commitText(
    eventId: number,
    resultSetId: number | null,
    text: string,
    source: 'paste' | 'csv',
  ): CommitOutcome {
    const table = parseResultTable(text);
    if (table.error) throw new AppError('invalid-input', table.error);
    return this.commitRaw(eventId, resultSetId, table.rows, source, new Set());
  }

  private commitRaw(
    eventId: number,
    resultSetId: number | null,
    rows: RawRow[],
    source: 'keyboard' | 'paste' | 'csv',
    /** Lines saved even though their runner already has a result in the event. */
    replace: ReadonlySet<number>,
  ): CommitOutcome {
    const plan = this.checks.review(eventId, rows, replace);
    const set = this.virtualEvents.resolveSet(eventId, resultSetId);
    const stored = this.store.commit(plan.toSave, {
      resultSetId: set.resultSetId,
      held: set.held,
      device: this.deps.deviceName(),
      source,
      names: plan.names,
    });
    this.deps.logger.info('results committed', {
      eventId,
      committed: stored.length,
      rejected: plan.invalid,
      held: plan.heldBack,
      source,
    });
    this.flusher.kick();
    this.deps.changed();
    return { committed: stored.length, rejected: plan.rejected };
  }

  edit(id: number, row: DraftRow): EntryView {
    const entry = this.entries.get(id);
    if (!entry) throw new AppError('invalid-input', `Result ${id} does not exist.`);
    const changes = this.checks.changesOf(entry, row);
    const updated = this.store.edit(id, changes, { device: this.deps.deviceName() });
    this.flusher.kick();
    this.deps.changed();
    return toEntryView(updated);
  }

  delete(id: number): EntryView {
    const deleted = this.store.delete(id);
    this.deps.changed();
    return toEntryView(deleted);
  }

  list(
    view: 'queue' | 'history',
    eventId: number | null,
    search: string,
    limit: number,
    offset: number,
  ): EntryList {
    const query = {
      ...(eventId !== null ? { eventId } : {}),
      ...(search ? { search } : {}),
      limit,
      offset,
    };
    const page =
      view === 'history'
        ? this.entries.history(query)
        : this.entries.list({ ...query, states: STANDING_STATES });
    return { entries: page.entries.map(toEntryView), total: page.total };
  }

  summary(): QueueSummary {
    const s = this.entries.summary();
    const f = this.flusher.state();
    return { ...s, pausedReason: f.pausedReason, nextAttemptAt: f.nextAttemptAt };
  }
}
