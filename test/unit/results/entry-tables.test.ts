import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../main/results/entry-row';
import { historyTable, queueTable } from '../../../main/results/entry-tables';

const ENTERED = Date.UTC(2026, 10, 22, 12, 0, 0);

const entry = (extra: Partial<StoredEntry> = {}): StoredEntry => ({
  id: 7,
  eventId: 661704,
  resultSetId: null,
  registrationId: 2001,
  bib: 1001,
  name: 'Ann Lee',
  clockTime: '00:25:00',
  tally: undefined,
  elevationMm: null,
  source: 'keyboard',
  device: 'Table 1',
  enteredAt: ENTERED,
  state: 'queued',
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  lastErrorKind: null,
  supersededBy: null,
  sentAt: null,
  receipt: null,
  held: false,
  setAside: false,
  ...extra,
});

const RESULT_HEADER = [
  'Event ID',
  'Registration ID',
  'Bib',
  'Name',
  'Clock time',
  'Tally',
  'Tally action',
  'Elevation gain mm',
];

describe('the queue export', () => {
  it('has the result, where it stands, when and where it was typed, and its tries', () => {
    const table = queueTable([
      entry(),
      entry({ id: 8, tally: 3, elevationMm: 1200, held: true }),
      entry({
        id: 9,
        tally: null,
        state: 'needs_fix',
        setAside: true,
        attempts: 5,
        lastError: 'x',
      }),
    ]);
    expect(table.header).toEqual([
      ...RESULT_HEADER,
      'State',
      'Entered at',
      'Device',
      'Source',
      'Attempts',
      'Last error',
      'Entry',
    ]);
    const iso = new Date(ENTERED).toISOString();
    expect(table.rows).toEqual([
      [
        661704,
        2001,
        1001,
        'Ann Lee',
        '00:25:00',
        null,
        'keep',
        null,
        'queued',
        iso,
        'Table 1',
        'keyboard',
        0,
        null,
        7,
      ],
      [
        661704,
        2001,
        1001,
        'Ann Lee',
        '00:25:00',
        3,
        'set',
        1200,
        'queued (held for a result set)',
        iso,
        'Table 1',
        'keyboard',
        0,
        null,
        8,
      ],
      [
        661704,
        2001,
        1001,
        'Ann Lee',
        '00:25:00',
        null,
        'clear',
        null,
        'needs_fix (set aside)',
        iso,
        'Table 1',
        'keyboard',
        5,
        'x',
        9,
      ],
    ]);
  });
});

describe('the history export', () => {
  it("has the result, when and where it was typed, when it was sent and RunSignup's receipt", () => {
    const sentAt = ENTERED + 60_000;
    const receipt = {
      receivedTs: 1_790_000_000,
      submittedMs: 1234,
      resultSetId: 5,
      unreadable: false,
    };
    const table = historyTable([
      entry({ state: 'sent', sentAt, attempts: 1, receipt }),
      entry({
        id: 8,
        state: 'sent',
        sentAt,
        attempts: 1,
        receipt: { receivedTs: null, submittedMs: null, resultSetId: null, unreadable: true },
      }),
    ]);
    expect(table.header).toEqual([
      ...RESULT_HEADER,
      'Entered at',
      'Device',
      'Source',
      'Sent at',
      'RunSignup received at',
      'RunSignup result set',
      'RunSignup time (ms)',
      'Entry',
      'Receipt',
    ]);
    const typed = [new Date(ENTERED).toISOString(), 'Table 1', 'keyboard'];
    const sent = new Date(sentAt).toISOString();
    const result = [661704, 2001, 1001, 'Ann Lee', '00:25:00', null, 'keep', null];
    expect(table.rows).toEqual([
      [...result, ...typed, sent, new Date(1_790_000_000_000).toISOString(), 5, 1234, 7, 'read'],
      [
        ...result,
        ...typed,
        sent,
        null,
        null,
        null,
        8,
        'unreadable (RunSignup stored it without error)',
      ],
    ]);
  });
});
