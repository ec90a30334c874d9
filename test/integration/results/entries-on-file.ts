/**
 * The entry store, its queries and the outbox of one race on a real SQLite file in a temp dir,
 * made afresh for each test of the file that calls `entriesOnFile()`.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import { openDatabase } from '../../../main/db/open';
import { EntryQueries } from '../../../main/results/entry-queries';
import type { CommitEntry, CommitMeta } from '../../../main/results/entry-store';
import { ResultEntryStore } from '../../../main/results/entry-store';
import { ResultOutbox } from '../../../main/results/outbox';
import { tempDir } from '../../support/temp-dir';

export const RACE = 85675;
export const V5K = 661704;
export const CLIMB = 661705;

export interface EntriesOnFile {
  db: Database;
  clock: ManualClock;
  /** Writes: commit, edit, delete. */
  store: ResultEntryStore;
  /** Reads: lists, counts, the unsent and the sent. */
  entries: EntryQueries;
  /** The flusher's side: batches, receipts, failures, recovery. */
  outbox: ResultOutbox;
  /** Closes the file and opens it again with a new store, queries and outbox (a restart). */
  reopen(): void;
  /** The state of entry `id`. */
  stateOf(id: number): string | undefined;
  /** Forces entry `id` into `state` (what a crash or another device may leave). */
  setState(id: number, state: string): void;
}

export function entriesOnFile(): EntriesOnFile {
  let dir = '';
  const t = {} as EntriesOnFile;
  const open = (file: string): void => {
    t.db = openDatabase(file).db;
    t.store = new ResultEntryStore(t.db, RACE, t.clock);
    t.entries = new EntryQueries(t.db, RACE);
    t.outbox = new ResultOutbox(t.db, RACE);
  };
  beforeEach(() => {
    dir = tempDir('entries');
    t.clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    open(path.join(dir, 'kiosk.db'));
  });
  afterEach(() => {
    t.db.close();
  });
  t.reopen = () => {
    t.db.close();
    open(path.join(dir, 'kiosk.db'));
  };
  t.stateOf = (id) => t.entries.get(id)?.state;
  t.setState = (id, state) => {
    t.db.prepare('UPDATE result_entries SET state = ? WHERE id = ?').run(state, id);
  };
  return t;
}

/** A Virtual 5K result of registration `registrationId` (bib: the id less 1000). */
export function entry(
  registrationId: number,
  clockTime: string,
  extra: Partial<CommitEntry> = {},
): CommitEntry {
  return {
    eventId: V5K,
    registrationId,
    bib: registrationId - 1000,
    clockTime,
    tally: undefined,
    elevationMm: null,
    ...extra,
  };
}

/** Typed at Table 1 on the keyboard, no result set chosen. */
export const meta = (extra: Partial<CommitMeta> = {}): CommitMeta => ({
  resultSetId: null,
  device: 'Table 1',
  source: 'keyboard',
  ...extra,
});
