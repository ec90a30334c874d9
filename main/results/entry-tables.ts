/**
 * The queue and the history as CSV tables: which columns a results export has and how an entry
 * fills them (the saving itself is main/exports.ts). Column names of the result itself are ones
 * the CSV import recognises (import.ts), so an exported queue can be imported again.
 */
import type { CsvTable } from '../exports';
import type { StoredEntry } from './entry-row';

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

/** Unsent entries (queued, sending, needs_fix) with where they stand. */
export function queueTable(unsent: readonly StoredEntry[]): CsvTable {
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
    rows: unsent.map((e) => [
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

/** Sent entries with RunSignup's receipt. */
export function historyTable(sent: readonly StoredEntry[]): CsvTable {
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
    rows: sent.map((e) => [
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
