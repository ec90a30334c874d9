/**
 * Committed result entries of one race: what volunteers typed, pasted or imported, kept with
 * when and where, and each entry's fate (docs/ARCHITECTURE.md "Rules for the queue").
 *
 * - A commit is ONE transaction, whatever its size: the UI says "saved" only after it.
 * - A newer entry for an (event, registration) supersedes its older queued or needs_fix
 *   entries; an older one in flight (`sending`) is left alone and the newer one goes after it.
 * - Nothing is overwritten: an edit is a new entry superseding the old one, a delete marks
 *   the entry `deleted`, so the history of every result stays in the table.
 * The sending side (batches, receipts, failures) is `outbox` (outbox.ts).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../clock';
import { AppError } from '../app-error';
import { parseClockTime } from './clock-time';
import type { EntryRow, EntrySource, EntryState, StoredEntry } from './entry-row';
import { STANDING_SQL, UNSENT_SQL, UNSENT_STATES, tallyColumns, toStoredEntry } from './entry-row';
import type { CsvTable } from '../exports';
import { ResultOutbox } from './outbox';
import type { ValidEntry } from './validation';

export type { EntryReceipt, EntrySource, EntryState, StoredEntry } from './entry-row';

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

export interface EntryQuery {
  eventId?: number;
  /** Default: every state. */
  states?: readonly EntryState[];
  /** A bib or registration id (whole number), or part of a name. */
  search?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

export type HistoryQuery = Omit<EntryQuery, 'states'>;

export interface EntryPage {
  /** Newest first (history: most recently sent first). */
  entries: StoredEntry[];
  /** How many match, ignoring limit and offset. */
  total: number;
}

export interface EntrySummary {
  /** Not yet confirmed by RunSignup: queued + sending (held rows not included). */
  waiting: number;
  /** Queued but held until their result set is known or chosen. */
  held: number;
  sending: number;
  needsFix: number;
  sent: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Races in this database with results not yet confirmed by RunSignup, and how many. */
export function unsentByRace(db: Database): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT race_id, COUNT(*) AS n FROM result_entries
       WHERE state IN (${UNSENT_SQL}) GROUP BY race_id`,
    )
    .all() as Array<{ race_id: number; n: number }>;
  return new Map(rows.map((r) => [r.race_id, r.n]));
}

export class ResultEntryStore {
  /** The flusher's side of the same table. */
  readonly outbox: ResultOutbox;
  private readonly insert: Statement;
  private readonly supersede: Statement;
  private readonly byId: Statement;
  private readonly markDeleted: Statement;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
    private readonly clock: Clock,
  ) {
    this.outbox = new ResultOutbox(db, raceId);
    this.insert = db.prepare(`
      INSERT INTO result_entries (race_id, event_id, result_set_id, registration_id, bib, name,
        clock_time, tally_mode, tally, elevation_mm, source, device, entered_at, state, held)
      VALUES (@race, @event, @set, @registration, @bib, @name, @clockTime, @tallyMode, @tally,
        @elevation, @source, @device, @enteredAt, 'queued', @held)`);
    this.supersede = db.prepare(`
      UPDATE result_entries SET state = 'superseded', superseded_by = @id, next_attempt_at = NULL
      WHERE race_id = @race AND event_id = @event AND registration_id = @registration
        AND state IN ('queued', 'needs_fix') AND id < @id`);
    this.byId = db.prepare('SELECT * FROM result_entries WHERE race_id = ? AND id = ?');
    this.markDeleted = db.prepare(`
      UPDATE result_entries SET state = 'deleted', next_attempt_at = NULL
      WHERE race_id = ? AND id = ? AND state IN ('queued', 'needs_fix')`);
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
      const old = this.get(id);
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
      const entry = this.get(id);
      refuseUnlessOpen(entry, id, 'deleted');
      this.markDeleted.run(this.raceId, id);
      return { ...entry, state: 'deleted' as const, nextAttemptAt: null };
    })();
  }

  /** The newest result of a runner in an event that is queued, sending, sent or needs a fix. */
  latestLive(eventId: number, registrationId: number): StoredEntry | null {
    const row = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE race_id = ? AND event_id = ? AND registration_id = ?
           AND state IN (${STANDING_SQL}) ORDER BY id DESC LIMIT 1`,
      )
      .get(this.raceId, eventId, registrationId) as EntryRow | undefined;
    return row ? toStoredEntry(row) : null;
  }

  get(id: number): StoredEntry | null {
    const row = this.byId.get(this.raceId, id) as EntryRow | undefined;
    return row ? toStoredEntry(row) : null;
  }

  /** Entries, newest first, filtered. */
  list(query: EntryQuery = {}): EntryPage {
    return this.page(query, query.states ?? [], 'id DESC');
  }

  /** Sent entries with their receipts, most recently sent first. */
  history(query: HistoryQuery = {}): EntryPage {
    return this.page(query, ['sent'], 'sent_at DESC, id DESC');
  }

  summary(): EntrySummary {
    const counts = new Map(
      (
        this.db
          .prepare(
            `SELECT state, COUNT(*) AS n FROM result_entries
             WHERE race_id = ? AND state IN (${STANDING_SQL})
             GROUP BY state`,
          )
          .all(this.raceId) as Array<{ state: EntryState; n: number }>
      ).map((r) => [r.state, r.n]),
    );
    const held = Number(
      this.db
        .prepare(
          `SELECT COUNT(*) FROM result_entries WHERE race_id = ? AND state = 'queued' AND held = 1`,
        )
        .pluck()
        .get(this.raceId),
    );
    const sending = counts.get('sending') ?? 0;
    return {
      waiting: (counts.get('queued') ?? 0) - held + sending,
      held,
      sending,
      needsFix: counts.get('needs_fix') ?? 0,
      sent: counts.get('sent') ?? 0,
    };
  }

  /**
   * Entries RunSignup does not have yet: queued, sending and needs_fix. Quitting, logging out,
   * switching races or resetting with any of these asks first (queue rule 6).
   */
  unsentCount(): number {
    return Number(
      this.db
        .prepare(
          `SELECT COUNT(*) FROM result_entries
           WHERE race_id = ? AND state IN (${UNSENT_SQL})`,
        )
        .pluck()
        .get(this.raceId),
    );
  }

  /** Every unsent entry (queued, sending, needs_fix), oldest first, as a CSV table. */
  exportQueue(): CsvTable {
    return {
      header: [
        ...RESULT_HEADERS,
        'State',
        'Entered at',
        'Device',
        'Source',
        'Attempts',
        'Last error',
        'Entry',
      ],
      rows: this.all(UNSENT_STATES).map((e) => [
        ...resultCells(e),
        e.held ? 'queued (held for a result set)' : e.setAside ? 'needs_fix (set aside)' : e.state,
        iso(e.enteredAt),
        e.device,
        e.source,
        e.attempts,
        e.lastError,
        e.id,
      ]),
    };
  }

  /** Every sent entry with RunSignup's receipt, oldest first, as a CSV table. */
  exportHistory(): CsvTable {
    return {
      header: [
        ...RESULT_HEADERS,
        'Entered at',
        'Device',
        'Source',
        'Sent at',
        'RunSignup received at',
        'RunSignup result set',
        'RunSignup time (ms)',
        'Entry',
        'Receipt',
      ],
      rows: this.all(['sent']).map((e) => [
        ...resultCells(e),
        iso(e.enteredAt),
        e.device,
        e.source,
        e.sentAt === null ? null : iso(e.sentAt),
        e.receipt?.receivedTs == null ? null : iso(e.receipt.receivedTs * 1000),
        e.receipt?.resultSetId ?? null,
        e.receipt?.submittedMs ?? null,
        e.id,
        e.receipt?.unreadable ? 'unreadable (RunSignup stored it without error)' : 'read',
      ]),
    };
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

  private page(
    query: EntryQuery,
    states: readonly EntryState[],
    order: 'id DESC' | 'sent_at DESC, id DESC',
  ): EntryPage {
    const where = ['race_id = @race'];
    const params: Record<string, string | number> = { race: this.raceId };
    if (query.eventId !== undefined) {
      where.push('event_id = @event');
      params.event = query.eventId;
    }
    if (states.length > 0) {
      const names = states.map((s, i) => {
        params[`state${i}`] = s;
        return `@state${i}`;
      });
      where.push(`state IN (${names.join(', ')})`);
    }
    const search = query.search?.trim() ?? '';
    if (search !== '') {
      params.like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (/^\d{1,15}$/.test(search)) {
        params.number = Number(search);
        where.push(`(bib = @number OR registration_id = @number OR name LIKE @like ESCAPE '\\')`);
      } else {
        where.push(`name LIKE @like ESCAPE '\\'`);
      }
    }
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const filter = where.join(' AND ');
    const total = Number(
      this.db.prepare(`SELECT COUNT(*) FROM result_entries WHERE ${filter}`).pluck().get(params),
    );
    const rows = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as EntryRow[];
    return { entries: rows.map(toStoredEntry), total };
  }

  private all(states: readonly EntryState[]): StoredEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE race_id = ? AND state IN (${states.map(() => '?').join(', ')})
         ORDER BY id`,
      )
      .all(this.raceId, ...states) as EntryRow[];
    return rows.map(toStoredEntry);
  }
}

/** The result's own columns; their names are ones the CSV import recognises (import.ts). */
const RESULT_HEADERS = [
  'Event ID',
  'Registration ID',
  'Bib',
  'Name',
  'Clock time',
  'Tally',
  'Tally action',
  'Elevation gain mm',
];

function resultCells(e: StoredEntry): (string | number | null)[] {
  return [
    e.eventId,
    e.registrationId,
    e.bib,
    e.name,
    e.clockTime,
    typeof e.tally === 'number' ? e.tally : null,
    e.tally === undefined ? 'keep' : e.tally === null ? 'clear' : 'set',
    e.elevationMm,
  ];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
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
