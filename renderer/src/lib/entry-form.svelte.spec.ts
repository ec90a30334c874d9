import { describe, expect, it } from 'vitest';
import type { CheckedRow, CommitOutcome, DraftRow } from '../../../preload/api';
import { EntryFormState } from './entry-form.svelte';
import { ResultsState } from './results.svelte';
import { refuse, keptForTest } from './spec-support';

type ResultsApi = ConstructorParameters<typeof ResultsState>[0];

const ann: CheckedRow = {
  line: 1,
  status: 'valid',
  name: 'Ann Lee',
  registrationId: 4001,
  bib: 12,
  clockTime: '00:20:10',
  errors: [],
  warnings: [],
  supersededBy: null,
  raw: {},
  existing: null,
};
const hasOne: CheckedRow = {
  ...ann,
  existing: { entryId: 3, clockTime: '0:19:00', state: 'sent', sentAt: 0 },
};

/** A keyboard form over a Results screen on event 5, result set 900, with a fake api. */
function form(answers: {
  checkRow?: (a: { row: DraftRow }) => Promise<CheckedRow>;
  commitResults?: (a: { rows: DraftRow[] }) => Promise<CommitOutcome>;
}) {
  const committed: DraftRow[][] = [];
  const api = {
    checkRow: answers.checkRow ?? (async () => ann),
    commitResults: async (a: { rows: DraftRow[] }) => {
      committed.push(a.rows);
      return answers.commitResults
        ? answers.commitResults(a)
        : ({ committed: 1, rejected: [] } as CommitOutcome);
    },
  } as unknown as ResultsApi;
  const results = new ResultsState(api);
  results.eventId = 5;
  results.resultSetId = 900;
  const kept = keptForTest({ elevationUnit: 'ft' });
  return { f: new EntryFormState(results, kept), kept, committed };
}

describe('EntryFormState', () => {
  it('shows the runner of a bib, and saves the row with elevation in millimetres', async () => {
    const { f, kept, committed } = form({});
    f.bib = '12';
    await f.lookupBib();
    expect(f.who?.name).toBe('Ann Lee');
    f.clockTime = '20:10';
    f.elevation = '100';
    expect(await f.commit()).toBe('bib');
    expect(committed).toEqual([[{ bib: '12', clockTime: '20:10', elevation: '30480' }]]);
    expect(kept.saved).toEqual({ registrationId: 4001, text: 'Saved: Ann Lee 20:10' });
    expect([f.bib, f.clockTime, f.elevation, f.who]).toEqual(['', '', '', null]);
  });

  it('asks before replacing a runner’s result, then saves with replace', async () => {
    const { f, committed } = form({ checkRow: async () => hasOne });
    f.bib = '12';
    await f.lookupBib();
    f.clockTime = '0:20:10';
    expect(await f.commit()).toBe('replace');
    expect([f.askReplace, committed]).toEqual([true, []]);
    expect(await f.commit(true)).toBe('bib');
    expect(committed[0]![0]).toMatchObject({ bib: '12', replace: true });
  });

  it('shows main’s reasons when a row is refused, or why saving failed', async () => {
    const refused = form({
      commitResults: async () => ({
        committed: 0,
        rejected: [{ ...ann, status: 'invalid', errors: ['Bib 99 is not in this event.'] }],
      }),
    });
    refused.f.bib = '99';
    expect(await refused.f.commit()).toBeNull();
    expect(refused.f.problem).toEqual(['Bib 99 is not in this event.']);
    expect(refused.f.bib).toBe('99');

    const failed = form({
      commitResults: () => refuse('internal', 'The disk is full.'),
    });
    failed.f.bib = '12';
    expect(await failed.f.commit()).toBeNull();
    expect(failed.f.problem).toEqual(['The disk is full.']);
  });

  it('keeps only the newest bib’s runner, and leaves the name when the check fails', async () => {
    const pending: Array<() => void> = [];
    const { f } = form({
      checkRow: ({ row }) =>
        new Promise((resolve) => pending.push(() => resolve({ ...ann, bib: Number(row.bib) }))),
    });
    f.bib = '1';
    const first = f.lookupBib();
    f.bib = '12';
    const second = f.lookupBib();
    pending[1]!();
    await second;
    pending[0]!();
    await first;
    expect(f.who?.bib).toBe(12);

    const broken = form({ checkRow: () => refuse('transient', 'Busy.') });
    broken.f.bib = '12';
    await broken.f.lookupBib();
    expect([broken.f.who, broken.f.problem]).toEqual([null, []]);
  });
});
