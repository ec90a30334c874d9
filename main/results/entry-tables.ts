/**
 * The queue and the history as CSV tables: which columns a results export has and how an entry
 * fills them (the saving itself is main/exports.ts). Column names of the result itself are ones
 * the CSV import recognises (import.ts), so an exported queue can be imported again.
 */
import type { CsvCell, CsvTable } from '../exports';
import type { StoredEntry } from './entry-row';

/** A column: its header and the entry's cell. */
type Column = readonly [header: string, cell: (e: StoredEntry) => CsvCell];

const iso = (ms: number): string => new Date(ms).toISOString();

const RESULT: Column[] = [
  ['Event ID', (e) => e.eventId],
  ['Registration ID', (e) => e.registrationId],
  ['Bib', (e) => e.bib],
  ['Name', (e) => e.name],
  ['Clock time', (e) => e.clockTime],
  ['Tally', (e) => (typeof e.tally === 'number' ? e.tally : null)],
  ['Tally action', (e) => (e.tally === undefined ? 'keep' : e.tally === null ? 'clear' : 'set')],
  ['Elevation gain mm', (e) => e.elevationMm],
];

const ENTERED: Column[] = [
  ['Entered at', (e) => iso(e.enteredAt)],
  ['Device', (e) => e.device],
  ['Source', (e) => e.source],
];

const ENTRY: Column = ['Entry', (e) => e.id];

const QUEUE: Column[] = [
  ...RESULT,
  [
    'State',
    (e) =>
      e.held ? 'queued (held for a result set)' : e.setAside ? 'needs_fix (set aside)' : e.state,
  ],
  ...ENTERED,
  ['Attempts', (e) => e.attempts],
  ['Last error', (e) => e.lastError],
  ENTRY,
];

const HISTORY: Column[] = [
  ...RESULT,
  ...ENTERED,
  ['Sent at', (e) => (e.sentAt === null ? null : iso(e.sentAt))],
  [
    'RunSignup received at',
    (e) => (e.receipt?.receivedTs == null ? null : iso(e.receipt.receivedTs * 1000)),
  ],
  ['RunSignup result set', (e) => e.receipt?.resultSetId ?? null],
  ['RunSignup time (ms)', (e) => e.receipt?.submittedMs ?? null],
  ENTRY,
  [
    'Receipt',
    (e) => (e.receipt?.unreadable ? 'unreadable (RunSignup stored it without error)' : 'read'),
  ],
];

function table(columns: readonly Column[], entries: readonly StoredEntry[]): CsvTable {
  return {
    header: columns.map(([header]) => header),
    rows: entries.map((e) => columns.map(([, cell]) => cell(e))),
  };
}

/** Unsent entries (queued, sending, needs_fix) with where they stand. */
export function queueTable(unsent: readonly StoredEntry[]): CsvTable {
  return table(QUEUE, unsent);
}

/** Sent entries with RunSignup's receipt. */
export function historyTable(sent: readonly StoredEntry[]): CsvTable {
  return table(HISTORY, sent);
}
