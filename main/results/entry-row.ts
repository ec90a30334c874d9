/**
 * One row of `result_entries` (migration 3) as the rest of the app sees it, and the mapping
 * from the database row. Shared by the entry store (what volunteers do) and the outbox (what
 * the flusher does).
 */

import type { EntryState } from '../../preload/api';

/** An entry's fate. `state` is the entry's queue row (docs/ARCHITECTURE.md "Rules for the queue"). */
export type { EntryState };

/**
 * States whose entry has not reached RunSignup and still counts (needs_fix waits for a person).
 * Quitting, logging out, switching races or resetting with any of these asks first (queue rule 6).
 */
export const UNSENT_STATES: readonly EntryState[] = ['queued', 'sending', 'needs_fix'];

/** `UNSENT_STATES` as an SQL list, for `state IN (…)`. */
export const UNSENT_SQL = UNSENT_STATES.map((s) => `'${s}'`).join(', ');

/** States of an entry that stands: unsent or sent (not superseded, not deleted). */
export const STANDING_STATES: readonly EntryState[] = [...UNSENT_STATES, 'sent'];

/** `STANDING_STATES` as an SQL list, for `state IN (…)`. */
export const STANDING_SQL = STANDING_STATES.map((s) => `'${s}'`).join(', ');

/** Where an entry came from; `edit` is a correction of an earlier entry. */
export type EntrySource = 'keyboard' | 'paste' | 'csv' | 'edit';

/** RunSignup's receipt for a sent entry. */
export interface EntryReceipt {
  /** Unix seconds (`results_received_ts`). */
  receivedTs: number | null;
  /** `submitted_time_in_ms`. */
  submittedMs: number | null;
  /** `individual_result_set_id`: the set RunSignup stored the result in. */
  resultSetId: number | null;
  /**
   * RunSignup answered without an error, so it stored the result, but its receipt for this row
   * could not be read (absent or unreadable): the fields above are null.
   */
  unreadable: boolean;
}

/** The ApiError-like kind given to an entry set aside after repeated identical failures. */
export const SET_ASIDE_KIND = 'set-aside';

export interface StoredEntry {
  id: number;
  eventId: number;
  /** The result set asked for; null lets RunSignup use the event's set (or create one). */
  resultSetId: number | null;
  registrationId: number;
  bib: number | null;
  name: string;
  /** `HH:MM:SS[.s]` or DQ/DNS/DNF/DNQ. */
  clockTime: string;
  /** undefined = leave RunSignup's tally unchanged, null = clear it, number = set it. */
  tally: number | null | undefined;
  elevationMm: number | null;
  source: EntrySource;
  device: string;
  /** When it was typed (ms since the epoch). */
  enteredAt: number;
  state: EntryState;
  /** Sends tried so far. */
  attempts: number;
  /** A queued entry waits until then (ms since the epoch) after a failed send. */
  nextAttemptAt: number | null;
  /** The latest failure (RunSignup's message for a needs_fix entry). */
  lastError: string | null;
  /** The ApiError kind of that failure. */
  lastErrorKind: string | null;
  /** The entry that replaced this one (state superseded). */
  supersededBy: number | null;
  sentAt: number | null;
  /** Present once sent. */
  receipt: EntryReceipt | null;
  /**
   * Queued but not sent until its result set is settled: the event's sets were not known when
   * it was typed, or the event has several and none was chosen (result-sets.ts).
   */
  held: boolean;
  /** Parked (needs_fix) after failing the same way several sends in a row (flusher.ts). */
  setAside: boolean;
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
