import { describe, expect, it } from 'vitest';
import type { CheckedRow, CommitOutcome, DraftRow, ImportPreview } from '../../../preload/api';
import { ImportState, MAX_FILE_BYTES } from './result-import.svelte';
import { ResultsState } from './results.svelte';
import { refuse, keptForTest } from './spec-support';

type ResultsApi = ConstructorParameters<typeof ResultsState>[0];
type ImportApi = ConstructorParameters<typeof ImportState>[0];

const row = (line: number, bib: string, over: Partial<CheckedRow> = {}): CheckedRow => ({
  line,
  status: 'valid',
  name: `Runner ${bib}`,
  registrationId: Number(bib) + 4000,
  bib: Number(bib),
  clockTime: '00:20:10',
  errors: [],
  warnings: [],
  supersededBy: null,
  raw: { bib, clockTime: '0:20:10' },
  existing: null,
  ...over,
});
const preview = (rows: CheckedRow[]): ImportPreview => ({
  rows,
  valid: 0,
  invalid: 0,
  warnings: 0,
  superseded: 0,
  error: null,
  notes: [],
  headerDetected: false,
});

/** An import panel over a Results screen on event 5, with fakes for main's answers. */
function panel(
  api: Partial<ImportApi> = {},
  answers: {
    commitResults?: (a: { rows: DraftRow[]; source: string }) => Promise<CommitOutcome>;
    checkRow?: () => Promise<CheckedRow>;
  } = {},
) {
  const commits: Array<{ rows: DraftRow[]; source: string }> = [];
  const results = new ResultsState({
    checkRow: answers.checkRow ?? (async () => row(0, '12')),
    commitResults: async (a: { rows: DraftRow[]; source: string }) => {
      commits.push(a);
      return answers.commitResults
        ? answers.commitResults(a)
        : { committed: a.rows.length, rejected: [] };
    },
  } as unknown as ResultsApi);
  results.eventId = 5;
  const kept = keptForTest({ mode: 'paste' });
  const imp = new ImportState(
    {
      previewResults: async () => preview([]),
      listImportFiles: async () => ({ folder: '/kiosk/import', files: [] }),
      readImportFile: async () => '',
      ...api,
    },
    results,
    kept,
  );
  return { imp, kept, commits };
}

describe('ImportState', () => {
  const bad = row(2, '99', { status: 'invalid', errors: ['Bib 99 is not in this event.'] });
  const had = row(3, '14', {
    existing: { entryId: 1, clockTime: '0:19:00', state: 'sent', sentAt: 0 },
  });

  it('previews the rows, those to fix and decide on first, and counts them', async () => {
    const { imp } = panel({ previewResults: async () => preview([row(1, '12'), bad, had]) });
    await imp.makePreview();
    expect(imp.rows.map((r) => r.checked.line)).toEqual([2, 3, 1]);
    expect([imp.readyCount, imp.fixCount, imp.heldCount]).toEqual([1, 1, 1]);
    imp.rows[1]!.replace = true;
    expect([imp.readyCount, imp.heldCount]).toEqual([2, 0]);
  });

  it('says why the text could not be checked', async () => {
    const { imp } = panel({
      previewResults: () => refuse('invalid-input', 'Nothing to check.'),
    });
    await imp.makePreview();
    expect([imp.preview, imp.rows, imp.message]).toEqual([
      null,
      [],
      { ok: false, text: 'Nothing to check.' },
    ]);
  });

  it('saves the ready rows and keeps the others in the preview and the box', async () => {
    const { imp, kept, commits } = panel({
      previewResults: async () => preview([row(1, '12'), bad, had]),
    });
    kept.pasteSource = 'csv';
    await imp.makePreview();
    await imp.save();
    expect(commits).toEqual([
      { eventId: 5, resultSetId: null, rows: [row(1, '12').raw], source: 'csv' },
    ]);
    expect(imp.message?.text).toBe(
      'Saved 1 results; they are queued for sending. 2 rows were not saved: fix or decide below.',
    );
    expect(imp.rows.map((r) => r.checked.line)).toEqual([2, 3]);
    expect(kept.pasteText).toBe('Bib\tTime\n99\t0:20:10\n14\t0:20:10');
  });

  it('keeps every row when saving fails, and says why', async () => {
    const { imp, kept } = panel(
      { previewResults: async () => preview([row(1, '12')]) },
      { commitResults: () => refuse('internal', 'The disk is full.') },
    );
    kept.pasteText = '12\t0:20:10';
    await imp.makePreview();
    await imp.save();
    expect([imp.busy, imp.message]).toEqual([false, { ok: false, text: 'The disk is full.' }]);
    expect([imp.rows.length, kept.pasteText]).toEqual([1, '12\t0:20:10']);
  });

  it('checks a fixed row again on its own line', async () => {
    const { imp } = panel({ previewResults: async () => preview([bad]) });
    await imp.makePreview();
    imp.rows[0]!.draft.bib = '12';
    await imp.recheck(imp.rows[0]!);
    expect(imp.rows[0]!.checked).toMatchObject({ line: 2, status: 'valid', bib: 12 });
  });

  it('refuses a file over 5 MB before reading it', async () => {
    const { imp, kept } = panel();
    await imp.loadFile({
      name: 'huge.csv',
      size: MAX_FILE_BYTES + 1,
      text: async () => 'never read',
    });
    expect(imp.message?.text).toBe(
      'huge.csv is too large (over 5 MB); split it into smaller files.',
    );
    expect(kept.pasteText).toBe('');
  });

  it('lists the kiosk folder, reads the chosen file, and says when it is empty or unreadable', async () => {
    const texts: string[] = [];
    const { imp, kept } = panel({
      listImportFiles: async () => ({ folder: '/kiosk/import', files: ['a.csv', 'b.csv'] }),
      readImportFile: async (name) => `${name} text`,
      previewResults: async ({ text }) => (texts.push(text), preview([])),
    });
    await imp.listFolder();
    expect(imp.chosenFile).toBe('a.csv');
    await imp.loadFromFolder();
    expect([texts, kept.pasteSource]).toEqual([['a.csv text'], 'csv']);

    const empty = panel();
    await empty.imp.listFolder();
    expect(empty.imp.message?.text).toBe(
      'No CSV files in /kiosk/import. Put the file there first.',
    );
    const unreadable = panel({
      listImportFiles: async () => ({ folder: '/k', files: ['a.csv'] }),
      readImportFile: () => refuse('invalid-input', 'a.csv is gone.'),
    });
    await unreadable.imp.listFolder();
    await unreadable.imp.loadFromFolder();
    expect(unreadable.imp.message).toEqual({ ok: false, text: 'a.csv is gone.' });
  });
});
