import { describe, expect, it } from 'vitest';
import type { EntryRow } from '../../../main/results/entry-row';
import { toStoredEntry } from '../../../main/results/entry-row';
import { historyTable, queueTable } from '../../../main/results/entry-tables';

const ENTERED = Date.UTC(2026, 10, 22, 12, 0, 0);
const SENT = ENTERED + 60_000;

/** An entry as the database holds it (Ann Lee's 00:25:00, typed at Table 1), with `extra`. */
const entry = (extra: Partial<EntryRow> = {}) =>
  toStoredEntry({
    id: 7,
    race_id: 85675,
    event_id: 661704,
    result_set_id: null,
    registration_id: 2001,
    bib: 1001,
    name: 'Ann Lee',
    clock_time: '00:25:00',
    tally_mode: 'absent',
    tally: null,
    elevation_mm: null,
    source: 'keyboard',
    device: 'Table 1',
    entered_at: ENTERED,
    state: 'queued',
    attempts: 0,
    next_attempt_at: null,
    last_error: null,
    last_error_kind: null,
    superseded_by: null,
    sent_at: null,
    receipt_received_ts: null,
    receipt_submitted_ms: null,
    receipt_result_set_id: null,
    receipt_unreadable: 0,
    same_failures: 0,
    held: 0,
    ...extra,
  });

const RESULT_HEADER = ['Event ID', 'Registration ID', 'Bib', 'Name', 'Clock time'];
const TALLY_HEADER = ['Tally', 'Tally action', 'Elevation gain mm'];
const TYPED_HEADER = ['Entered at', 'Device', 'Source'];

/** The result's cells, with its tally and elevation. */
const result = (...tallyAndElevation: unknown[]) => [
  ...[661704, 2001, 1001, 'Ann Lee', '00:25:00'],
  ...tallyAndElevation,
];
const typed = [new Date(ENTERED).toISOString(), 'Table 1', 'keyboard'];

describe('the queue export', () => {
  it('has the result, where it stands, when and where it was typed, and its tries', () => {
    const table = queueTable([
      entry(),
      entry({ id: 8, tally_mode: 'set', tally: 3, elevation_mm: 1200, held: 1 }),
      entry({ id: 9, tally_mode: 'clear', state: 'needs_fix', last_error_kind: 'set-aside' }),
    ]);
    expect(table.header).toEqual([
      ...[...RESULT_HEADER, ...TALLY_HEADER, 'State', ...TYPED_HEADER],
      ...['Attempts', 'Last error', 'Entry'],
    ]);
    expect(table.rows).toEqual([
      [...result(null, 'keep', null), 'queued', ...typed, 0, null, 7],
      [...result(3, 'set', 1200), 'queued (held for a result set)', ...typed, 0, null, 8],
      [...result(null, 'clear', null), 'needs_fix (set aside)', ...typed, 0, null, 9],
    ]);
  });
});

describe('the history export', () => {
  it("has the result, when and where it was typed, when it was sent and RunSignup's receipt", () => {
    const sent = { state: 'sent', sent_at: SENT, attempts: 1 } as const;
    const table = historyTable([
      entry({ ...sent, receipt_received_ts: 1_790_000_000, receipt_submitted_ms: 1234 }),
      entry({ ...sent, id: 8, receipt_unreadable: 1 }),
    ]);
    expect(table.header).toEqual([
      ...[...RESULT_HEADER, ...TALLY_HEADER, ...TYPED_HEADER, 'Sent at'],
      ...['RunSignup received at', 'RunSignup result set', 'RunSignup time (ms)'],
      ...['Entry', 'Receipt'],
    ]);
    const sentAt = new Date(SENT).toISOString();
    const received = new Date(1_790_000_000_000).toISOString();
    const unreadable = 'unreadable (RunSignup stored it without error)';
    expect(table.rows).toEqual([
      [...result(null, 'keep', null), ...typed, sentAt, received, null, 1234, 7, 'read'],
      [...result(null, 'keep', null), ...typed, sentAt, null, null, null, 8, unreadable],
    ]);
  });
});
