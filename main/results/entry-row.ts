/**
 * One row of `result_entries` (migration 3) as the rest of the app sees it, the mapping from
 * the database row and to what the screens see, and the lists of states. Shared by the entry
 * store (what volunteers do), the entry queries (what is read) and the outbox (what the flusher
 * does).
 */

import type { EntryState, EntryView } from '../../preload/api';

/** An entry's fate. `state` is the entry's queue row (docs/ARCHITECTURE.md "Rules for the queue"). */
export type { EntryState };

/** States a person may still change or delete: waiting to be sent, or for a fix. */
export const OPEN_STATES: readonly EntryState[] = ['queued', 'needs_fix'];

/**
 * States whose entry has not reached RunSignup and still counts (needs_fix waits for a person).
 * Quitting, logging out, switching races or resetting with any of these asks first (queue rule 6).
 */
export const UNSENT_STATES: readonly EntryState[] = [...OPEN_STATES, 'sending'];

/** States of an entry that stands: unsent or sent (not superseded, not deleted). */
export const STANDING_STATES: readonly EntryState[] = [...UNSENT_STATES, 'sent'];

const sqlList = (states: readonly EntryState[]): string => states.map((s) => `'${s}'`).join(', ');

/** These lists in SQL, for `state IN (…)`. */
export const OPEN_SQL = sqlList(OPEN_STATES);
export const UNSENT_SQL = sqlList(UNSENT_STATES);
export const STANDING_SQL = sqlList(STANDING_STATES);

/** Where an entry came from; `edit` is a correction of an earlier entry. */
export type EntrySource = 'keyboard' | 'paste' | 'csv' | 'edit';

/** RunSignup's receipt for a sent entry (`EntryView.receipt`). */
export type EntryReceipt = NonNullable<EntryView['receipt']>;

/** The ApiError-like kind given to an entry set aside after repeated identical failures. */
export const SET_ASIDE_KIND = 'set-aside';

/**
 * One entry as main keeps it: what the screens see (`EntryView`, the contract, which documents
 * each field), with the tally as the queue sends it and two fields only main needs.
 */
export interface StoredEntry extends Omit<EntryView, 'tallyMode' | 'tally' | 'source'> {
  /** undefined = leave RunSignup's tally unchanged, null = clear it, number = set it. */
  tally: number | null | undefined;
  source: EntrySource;
  /** The ApiError kind of the latest failure. */
  lastErrorKind: string | null;
  /** The entry that replaced this one (state superseded). */
  supersededBy: number | null;
}

/** What the screens see of an entry. */
export function toEntryView(e: StoredEntry): EntryView {
  const { tally, lastErrorKind: _kind, supersededBy: _by, ...shown } = e;
  const { mode, value } = tallyColumns(tally);
  return { ...shown, tallyMode: mode, tally: value };
}

/** The columns as SQLite returns them. */
export interface EntryRow {
  id: number;
  race_id: number;
  event_id: number;
  result_set_id: number | null;
  registration_id: number;
  bib: number | null;
  name: string;
  clock_time: string;
  tally_mode: 'absent' | 'clear' | 'set';
  tally: number | null;
  elevation_mm: number | null;
  source: string;
  device: string;
  entered_at: number;
  state: EntryState;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  last_error_kind: string | null;
  superseded_by: number | null;
  sent_at: number | null;
  receipt_received_ts: number | null;
  receipt_submitted_ms: number | null;
  receipt_result_set_id: number | null;
  receipt_unreadable: number;
  same_failures: number;
  held: number;
}

export const ENTRY_COLUMNS = `id, race_id, event_id, result_set_id, registration_id, bib, name,
  clock_time, tally_mode, tally, elevation_mm, source, device, entered_at, state, attempts,
  next_attempt_at, last_error, last_error_kind, superseded_by, sent_at, receipt_received_ts,
  receipt_submitted_ms, receipt_result_set_id, receipt_unreadable, same_failures, held`;

/** The database's (tally_mode, tally) pair for an entry's tally. */
export function tallyColumns(tally: number | null | undefined): {
  mode: EntryRow['tally_mode'];
  value: number | null;
} {
  if (tally === undefined) return { mode: 'absent', value: null };
  if (tally === null) return { mode: 'clear', value: null };
  return { mode: 'set', value: tally };
}

export function toStoredEntry(r: EntryRow): StoredEntry {
  return {
    id: r.id,
    eventId: r.event_id,
    resultSetId: r.result_set_id,
    registrationId: r.registration_id,
    bib: r.bib,
    name: r.name,
    clockTime: r.clock_time,
    tally: r.tally_mode === 'absent' ? undefined : r.tally_mode === 'clear' ? null : r.tally,
    elevationMm: r.elevation_mm,
    source: r.source as EntrySource,
    device: r.device,
    enteredAt: r.entered_at,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    lastErrorKind: r.last_error_kind,
    supersededBy: r.superseded_by,
    sentAt: r.sent_at,
    receipt:
      r.state === 'sent'
        ? {
            receivedTs: r.receipt_received_ts,
            submittedMs: r.receipt_submitted_ms,
            resultSetId: r.receipt_result_set_id,
            unreadable: r.receipt_unreadable === 1,
          }
        : null,
    held: r.state === 'queued' && r.held === 1,
    setAside: r.state === 'needs_fix' && r.last_error_kind === SET_ASIDE_KIND,
  };
}
