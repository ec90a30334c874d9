import type { Database } from 'better-sqlite3';
import type {
  CheckedRow,
  CommitOutcome,
  DraftRow,
  EntryList,
  ExistingResult,
  EntryView,
  ImportPreview,
  QueueSummary,
  ResultEvent,
  ResultSetInfo,
} from '../../preload/api';
import type { Clock } from '../clock';
import type { CsvTable } from '../exports';
import { AppError } from '../app-error';
import type { Logger } from '../logging';
import type { RosterStore } from '../roster/roster-store';
import { fullName } from '../roster/roster-store';
import type { RunSignupClient } from '../runsignup/client';
import { isApiError } from '../runsignup/errors';
import type { StoredEntry } from './entry-row';
import { STANDING_STATES } from './entry-row';
import { EntryQueries } from './entry-queries';
import { ResultEntryStore } from './entry-store';
import { historyTable, queueTable } from './entry-tables';
import { ResultOutbox } from './outbox';
import { EventRules } from './event-rules';
import { ResultSetCatalog } from './result-sets';
import type { FlushBackoff } from './flush-policy';
import type { FlushConnectivity } from './flusher';
import { ResultFlusher } from './flusher';
import type { RawRow } from './import';
import { parseResultTable } from './import';
import type { RosterRef, ValidatedRow, ValidationContext } from './validation';
import { validateBatch, validateOne } from './validation';

export interface ResultsServiceDeps {
  db: Database;
  raceId: number;
  roster: RosterStore;
  client: Pick<RunSignupClient, 'postUserResults' | 'getResultSets'>;
  clock: Clock;
  logger: Logger;
  connectivity: FlushConnectivity;
  deviceName: () => string;
  /** Rows changed state: the screen refreshes. */
  changed: () => void;
  backoff?: FlushBackoff;
  batchSize?: number;
  /** The events in use (this year's by default); result sets are downloaded for these only. */
  chosenEventIds?: () => number[];
}

const rawOf = (r: RawRow): DraftRow => {
  const { line: _line, ...fields } = r;
  return fields;
};

function toChecked(r: ValidatedRow, raw: RawRow, existing: ExistingResult | null): CheckedRow {
  return {
    line: r.line,
    status: r.status,
    name: r.name ?? null,
    registrationId: r.entry?.registrationId ?? null,
    bib: r.entry?.bib ?? null,
    clockTime: r.entry?.clockTime ?? null,
    errors: r.errors,
    warnings: r.warnings,
    supersededBy: r.supersededBy ?? null,
    raw: rawOf(raw),
    existing,
  };
}

export function toEntryView(e: StoredEntry): EntryView {
  return {
    id: e.id,
    eventId: e.eventId,
    resultSetId: e.resultSetId,
    registrationId: e.registrationId,
    bib: e.bib,
    name: e.name,
    clockTime: e.clockTime,
    tallyMode: e.tally === undefined ? 'absent' : e.tally === null ? 'clear' : 'set',
    tally: e.tally ?? null,
    elevationMm: e.elevationMm,
    source: e.source,
    device: e.device,
    enteredAt: e.enteredAt,
    state: e.state,
    attempts: e.attempts,
    nextAttemptAt: e.nextAttemptAt,
    lastError: e.lastError,
    sentAt: e.sentAt,
    receipt: e.receipt,
    held: e.held,
    setAside: e.setAside,
  };
}

/**
 * The Results screen's main-process side for one race: validation against the cached roster,
 * the durable entry store and the one flusher that sends it to RunSignup.
 */
export class ResultsService {
  private readonly store: ResultEntryStore;
  private readonly entries: EntryQueries;
  private readonly flusher: ResultFlusher;
  private readonly rules: EventRules;
  private readonly sets: ResultSetCatalog;
  private readonly offChange: () => void;

  constructor(private readonly deps: ResultsServiceDeps) {
    this.store = new ResultEntryStore(deps.db, deps.raceId, deps.clock);
    this.entries = new EntryQueries(deps.db, deps.raceId);
    this.rules = new EventRules(deps.db, deps.raceId);
    this.sets = new ResultSetCatalog(deps.db, deps.raceId);
    this.flusher = new ResultFlusher({
      outbox: new ResultOutbox(deps.db, deps.raceId),
      client: deps.client,
      raceId: deps.raceId,
      clock: deps.clock,
      logger: deps.logger,
      connectivity: deps.connectivity,
      backoff: deps.backoff,
      batchSize: deps.batchSize,
      onElevationRequired: (eventId, message) => this.elevationRefused(eventId, message),
      requiresElevation: (eventId) => this.rules.elevation(eventId).required,
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

  events(): ResultEvent[] {
    const counts = this.deps.roster.countsByEvent();
    const held = this.sets.heldByEvent();
    return this.deps.roster
      .events()
      .filter((e) => e.isVirtual)
      .map((e) => {
        const elevation = this.rules.elevation(e.eventId);
        return {
          eventId: e.eventId,
          name: e.name,
          elevationRequired: elevation.required,
          elevationRequiredBy: elevation.setBy,
          participants: counts.get(e.eventId) ?? 0,
          setsKnown: this.sets.known(e.eventId),
          held: held.get(e.eventId) ?? 0,
        };
      });
  }

  /** Staff mark an event as requiring elevation gain (or take the mark off). */
  setElevationRequired(eventId: number, required: boolean): ResultEvent[] {
    this.context(eventId);
    this.rules.setElevationRequired(eventId, required, 'staff', this.deps.clock.now());
    this.deps.logger.info('elevation rule set by staff', { eventId, required });
    this.deps.changed();
    return this.events();
  }

  /** RunSignup refused a row of `eventId` for lacking elevation: required from now on. */
  private elevationRefused(eventId: number, message: string): void {
    if (this.rules.elevation(eventId).required) return;
    this.rules.setElevationRequired(eventId, true, 'runsignup', this.deps.clock.now());
    this.deps.logger.warn('RunSignup requires elevation gain for this event; marked', {
      eventId,
      message,
    });
  }

  /**
   * Downloads the result sets of the race's virtual events (with the roster, so they are known
   * offline) and releases held rows whose set this settles. One event's failure does not stop
   * the others; the first failure is thrown at the end (the roster sync retries later).
   */
  async downloadResultSets(): Promise<void> {
    let failure: unknown = null;
    let released = 0;
    let newlyKnown = 0;
    const chosen = this.deps.chosenEventIds ? new Set(this.deps.chosenEventIds()) : null;
    const virtual = this.deps.roster
      .events()
      .filter((x) => x.isVirtual && (chosen === null || chosen.has(x.eventId)));
    for (const e of virtual) {
      try {
        const sets = await this.deps.client.getResultSets(this.deps.raceId, e.eventId);
        if (!this.sets.known(e.eventId)) newlyKnown += 1;
        released += this.sets.save(e.eventId, sets, this.deps.clock.now());
      } catch (err) {
        failure ??= err;
      }
    }
    if (released > 0) {
      this.deps.logger.info('held results released: their result set is now known', { released });
      this.flusher.kick();
    }
    // The screen learns of newly known lists and released rows (not of every minute's re-read).
    if (released > 0 || newlyKnown > 0) this.deps.changed();
    if (failure !== null) throw failure;
  }

  /** Staff chose the result set for the event's held rows: they are sent there. */
  sendHeld(eventId: number, resultSetId: number): number {
    const released = this.sets.assignHeld(eventId, resultSetId);
    this.deps.logger.info('held results sent to the chosen result set', {
      eventId,
      resultSetId,
      released,
    });
    this.flusher.kick();
    this.deps.changed();
    return released;
  }

  private context(eventId: number): ValidationContext {
    const event = this.events().find((e) => e.eventId === eventId);
    if (!event)
      throw new AppError('invalid-input', `Event ${eventId} is not a virtual event of this race.`);
    const ref = (p: ReturnType<RosterStore['byBib']>): RosterRef | null =>
      p
        ? { registrationId: p.registrationId, bib: p.bib, name: fullName(p), eventId: p.eventId }
        : null;
    return {
      event: { eventId, elevationRequired: event.elevationRequired },
      findByBib: (bib) => ref(this.deps.roster.byBib(bib)),
      findByRegistration: (id) => ref(this.deps.roster.byRegistration(id)),
      eventName: (id) => this.deps.roster.events().find((e) => e.eventId === id)?.name ?? null,
    };
  }

  async resultSets(
    eventId: number,
  ): Promise<{ sets: ResultSetInfo[]; fromCache: boolean; known: boolean }> {
    const { raceId, client } = this.deps;
    try {
      const sets = await client.getResultSets(raceId, eventId);
      const released = this.sets.save(eventId, sets, this.deps.clock.now());
      if (released > 0) {
        this.flusher.kick();
        this.deps.changed();
      }
      return {
        sets: sets.map((s) => ({ resultSetId: s.resultSetId, name: s.name })),
        fromCache: false,
        known: true,
      };
    } catch (e) {
      if (
        !isApiError(e) ||
        (e.kind !== 'transient' && e.kind !== 'throttled' && e.kind !== 'malformed')
      )
        throw e;
      return { sets: this.sets.list(eventId), fromCache: true, known: this.sets.known(eventId) };
    }
  }

  /** The runner of a row; a row still missing its time by what was typed (the grid, as you type). */
  private registrationOf(r: ValidatedRow, raw: RawRow): number | null {
    if (r.entry) return r.entry.registrationId;
    const n = (text?: string) => (text && /^\d+$/.test(text.trim()) ? Number(text.trim()) : null);
    const reg = n(raw.registrationId);
    if (reg !== null) return this.deps.roster.byRegistration(reg)?.registrationId ?? null;
    const bib = n(raw.bib);
    return bib !== null ? (this.deps.roster.byBib(bib)?.registrationId ?? null) : null;
  }

  /** The result the runner of a checked row already has in the event, if any. */
  private existingOf(eventId: number, r: ValidatedRow, raw: RawRow): ExistingResult | null {
    const registrationId = this.registrationOf(r, raw);
    const e = registrationId !== null && this.entries.latestLive(eventId, registrationId);
    return e ? { entryId: e.id, clockTime: e.clockTime, state: e.state, sentAt: e.sentAt } : null;
  }

  checkRow(eventId: number, row: DraftRow): CheckedRow {
    const { replace: _replace, ...fields } = row;
    const raw = { line: 1, ...fields };
    const r = validateOne(raw, this.context(eventId));
    return {
      ...toChecked(r, raw, this.existingOf(eventId, r, raw)),
      registrationId: this.registrationOf(r, raw),
    };
  }

  preview(eventId: number, text: string): ImportPreview {
    const table = parseResultTable(text);
    const empty = {
      rows: [],
      valid: 0,
      invalid: 0,
      warnings: 0,
      superseded: 0,
      notes: table.warnings,
      headerDetected: table.headerDetected,
    };
    if (table.error) return { ...empty, error: table.error };
    const batch = validateBatch(table.rows, this.context(eventId));
    return {
      ...empty,
      rows: batch.rows.map((r, i) =>
        toChecked(r, table.rows[i]!, r.entry ? this.existingOf(eventId, r, table.rows[i]!) : null),
      ),
      valid: batch.valid.length,
      invalid: batch.invalidCount,
      warnings: batch.warningCount,
      superseded: batch.supersededCount,
      error: null,
    };
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
    const batch = validateBatch(rows, this.context(eventId));
    // A runner who already has a result is held back unless the row says to replace it: saving
    // the same paste twice never sends a runner's result twice.
    const existing = new Map(
      batch.rows.map((r, i) => [r.line, r.entry ? this.existingOf(eventId, r, rows[i]!) : null]),
    );
    const held = new Set(
      batch.rows
        .filter(
          (r) =>
            r.entry && r.supersededBy === undefined && existing.get(r.line) && !replace.has(r.line),
        )
        .map((r) => r.line),
    );
    const toSave = batch.rows.flatMap((r) =>
      r.entry && r.supersededBy === undefined && !held.has(r.line) ? [r.entry] : [],
    );
    const names = new Map(
      batch.rows.filter((r) => r.entry && r.name).map((r) => [r.entry!.registrationId, r.name!]),
    );
    const set = this.sets.resolve(eventId, resultSetId);
    const stored = this.store.commit(toSave, {
      resultSetId: set.resultSetId,
      held: set.held,
      device: this.deps.deviceName(),
      source,
      names,
    });
    this.deps.logger.info('results committed', {
      eventId,
      committed: stored.length,
      rejected: batch.invalidCount,
      held: held.size,
      source,
    });
    this.flusher.kick();
    this.deps.changed();
    return {
      committed: stored.length,
      rejected: batch.rows.flatMap((r, i) =>
        r.status === 'invalid' || held.has(r.line)
          ? [toChecked(r, rows[i]!, existing.get(r.line) ?? null)]
          : [],
      ),
    };
  }

  edit(id: number, row: DraftRow): EntryView {
    const entry = this.entries.get(id);
    if (!entry) throw new AppError('invalid-input', `Result ${id} does not exist.`);
    const ctx = this.context(entry.eventId);
    const checked = validateOne(
      {
        line: 1,
        registrationId: String(entry.registrationId),
        clockTime: row.clockTime ?? entry.clockTime,
        ...(row.tally !== undefined ? { tally: row.tally } : {}),
        ...(row.elevation !== undefined ? { elevation: row.elevation } : {}),
      },
      ctx,
    );
    if (checked.status === 'invalid' || !checked.entry)
      throw new AppError('invalid-input', checked.errors.join(' '));
    const updated = this.store.edit(
      id,
      {
        clockTime: checked.entry.clockTime,
        ...(row.tally !== undefined ? { tally: checked.entry.tally ?? null } : {}),
        ...(row.elevation !== undefined ? { elevationMm: checked.entry.elevationMm } : {}),
      },
      { device: this.deps.deviceName() },
    );
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
