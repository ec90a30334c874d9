/**
 * Writing result entries of one race as volunteers commit, correct and withdraw them, kept
 * with when and where (docs/ARCHITECTURE.md "Rules for the queue").
 *
 * - A commit is ONE transaction, whatever its size: the UI says "saved" only after it.
 * - A newer entry for an (event, registration) supersedes its older queued or needs_fix
 *   entries; an older one in flight (`sending`) is left alone and the newer one goes after it.
 * - Nothing is overwritten: an edit is a new entry superseding the old one, a delete marks
 *   the entry `deleted`, so the history of every result stays in the table.
 * Reading them is entry-queries.ts; the sending side (batches, receipts, failures) is
 * outbox.ts.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../clock';
import { AppError } from '../app-error';
import { parseClockTime } from './clock-time';
import type { EntrySource, StoredEntry } from './entry-row';
import { OPEN_SQL, tallyColumns } from './entry-row';
import { EntryQueries } from './entry-queries';
import type { ValidEntry } from './validation';

/** A validated entry, optionally with the runner's name (else `CommitMeta.names` gives it). */
export interface CommitEntry extends ValidEntry {
  name?: string;
}

export interface CommitMeta {
  /** The result set chosen for the event; null lets RunSignup pick (or create) the event's set. */
  resultSetId: number | null;
  /** The kiosk's device name (Settings). */
  device: string;
  source: Exclude<EntrySource, 'edit'>;
  /** Runner names by registration id, for entries without `name`. */
  names?: ReadonlyMap<number, string>;
  /** Hold the entries until their result set is settled (result-sets.ts). Default false. */
  held?: boolean;
}

/**
 * What an edit changes. A key that is present replaces the value; for `tally`, present and
 * `undefined` means "leave RunSignup's tally unchanged".
 */
export interface EntryChanges {
  clockTime?: string;
  tally?: number | null;
  elevationMm?: number | null;
}

export class ResultEntryStore {
  private readonly entries: EntryQueries;
  private readonly insert: Statement;
  private readonly supersede: Statement;
  private readonly markDeleted: Statement;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
    private readonly clock: Clock,
  ) {
    this.entries = new EntryQueries(db, raceId);
    this.insert = db.prepare(`
      INSERT INTO result_entries (race_id, event_id, result_set_id, registration_id, bib, name,
        clock_time, tally_mode, tally, elevation_mm, source, device, entered_at, state, held)
      VALUES (@race, @event, @set, @registration, @bib, @name, @clockTime, @tallyMode, @tally,
        @elevation, @source, @device, @enteredAt, 'queued', @held)`);
    this.supersede = db.prepare(`
      UPDATE result_entries SET state = 'superseded', superseded_by = @id, next_attempt_at = NULL
      WHERE race_id = @race AND event_id = @event AND registration_id = @registration
        AND state IN (${OPEN_SQL}) AND id < @id`);
    this.markDeleted = db.prepare(`
      UPDATE result_entries SET state = 'deleted', next_attempt_at = NULL
      WHERE race_id = ? AND id = ? AND state IN (${OPEN_SQL})`);
  }

  /**
   * Stores entries as queued, in one transaction, superseding older queued / needs_fix entries
   * of the same (event, registration). Returns the stored entries in input order.
   */
  commit(entries: readonly CommitEntry[], meta: CommitMeta): StoredEntry[] {
    const enteredAt = this.clock.now();
    return this.db.transaction(() =>
      entries.map((e) =>
        this.store(e, {
          name: e.name ?? meta.names?.get(e.registrationId) ?? '',
          resultSetId: meta.resultSetId,
          device: meta.device,
          source: meta.source,
          enteredAt,
          held: meta.held ?? false,
        }),
      ),
    )();
  }

  /**
   * Corrects a queued or needs_fix entry: a new entry with the changes supersedes it (so the
   * old one stays in the history, and if an older one is in flight the new one goes after it).
   */
  edit(id: number, changes: EntryChanges, meta: { device: string }): StoredEntry {
    const clockTime =
      changes.clockTime === undefined ? undefined : cleanClockTime(changes.clockTime);
    if ('tally' in changes) checkTally(changes.tally);
    if (changes.elevationMm !== undefined) checkElevation(changes.elevationMm);
    return this.db.transaction(() => {
      const old = this.entries.get(id);
      refuseUnlessOpen(old, id, 'changed');
      return this.store(
        {
          eventId: old.eventId,
          registrationId: old.registrationId,
          bib: old.bib,
          clockTime: clockTime ?? old.clockTime,
          tally: 'tally' in changes ? changes.tally : old.tally,
          elevationMm: changes.elevationMm === undefined ? old.elevationMm : changes.elevationMm,
        },
        {
          name: old.name,
          resultSetId: old.resultSetId,
          device: meta.device,
          source: 'edit',
          enteredAt: this.clock.now(),
          held: old.held,
        },
      );
    })();
  }

  /** A queued or needs_fix entry is withdrawn (kept as `deleted`); sent or in-flight ones are refused. */
  delete(id: number): StoredEntry {
    return this.db.transaction(() => {
      const entry = this.entries.get(id);
      refuseUnlessOpen(entry, id, 'deleted');
      this.markDeleted.run(this.raceId, id);
      return { ...entry, state: 'deleted' as const, nextAttemptAt: null };
    })();
  }

  /** Inserts one queued entry and supersedes the older open ones of its registration. */
  private store(
    e: ValidEntry,
    m: {
      name: string;
      resultSetId: number | null;
      device: string;
      source: EntrySource;
      enteredAt: number;
      held: boolean;
    },
  ): StoredEntry {
    const tally = tallyColumns(e.tally);
    const id = Number(
      this.insert.run({
        race: this.raceId,
        event: e.eventId,
        set: m.resultSetId,
        registration: e.registrationId,
        bib: e.bib,
        name: m.name,
        clockTime: e.clockTime,
        tallyMode: tally.mode,
        tally: tally.value,
        elevation: e.elevationMm,
        source: m.source,
        device: m.device,
        enteredAt: m.enteredAt,
        held: m.held ? 1 : 0,
      }).lastInsertRowid,
    );
    this.supersede.run({
      id,
      race: this.raceId,
      event: e.eventId,
      registration: e.registrationId,
    });
    return {
      id,
      eventId: e.eventId,
      resultSetId: m.resultSetId,
      registrationId: e.registrationId,
      bib: e.bib,
      name: m.name,
      clockTime: e.clockTime,
      tally: e.tally,
      elevationMm: e.elevationMm,
      source: m.source,
      device: m.device,
      enteredAt: m.enteredAt,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      lastErrorKind: null,
      supersededBy: null,
      sentAt: null,
      receipt: null,
      held: m.held,
      setAside: false,
    };
  }
}

/** Throws unless the entry exists and is queued or needs_fix (the only states a person may change). */
function refuseUnlessOpen(
  entry: StoredEntry | null,
  id: number,
  verb: 'changed' | 'deleted',
): asserts entry is StoredEntry {
  if (!entry) throw new AppError('invalid-input', `There is no result entry ${id}.`);
  const who = entry.name
    ? `${entry.name}'s result`
    : `The result for registration ${entry.registrationId}`;
  switch (entry.state) {
    case 'queued':
    case 'needs_fix':
      return;
    case 'sending':
      throw new AppError(
        'invalid-input',
        `${who} is being sent to RunSignup right now, so it cannot be ${verb}. Enter a new result for this runner instead: it goes right after.`,
      );
    case 'sent':
      throw new AppError(
        'invalid-input',
        `${who} was already sent to RunSignup, so it cannot be ${verb}. Enter a new result for this runner to correct it.`,
      );
    case 'superseded':
      throw new AppError(
        'invalid-input',
        `${who} was replaced by a newer entry${entry.supersededBy === null ? '' : ` (${entry.supersededBy})`}; change that one instead.`,
      );
    case 'deleted':
      throw new AppError('invalid-input', `${who} was deleted, so it cannot be ${verb}.`);
  }
}

function cleanClockTime(text: string): string {
  const parsed = parseClockTime(text);
  if (!parsed.ok) throw new AppError('invalid-input', parsed.error);
  return parsed.value;
}

function checkTally(tally: number | null | undefined): void {
  if (typeof tally === 'number' && !(Number.isFinite(tally) && tally >= 0)) {
    throw new AppError('invalid-input', `Tally must be a number of 0 or more (got ${tally}).`);
  }
}

function checkElevation(mm: number | null): void {
  if (mm !== null && !(Number.isInteger(mm) && mm >= 0)) {
    throw new AppError(
      'invalid-input',
      `Elevation gain must be a whole number of millimetres, 0 or more (got ${mm}).`,
    );
  }
}
