import type { Api, CheckedRow, DraftRow, ImportPreview } from '../../../preload/api';
import { attempt } from './attempt';
import { resultsKept, type ResultsKept } from './results-kept.svelte';
import type { ResultsState } from './results.svelte';

/** A checked row of the preview: main's verdict, the fields as (re)typed, "replace" ticked. */
export type PreviewRow = { checked: CheckedRow; draft: DraftRow; replace: boolean };

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 5_000_000;

const held = (r: PreviewRow) => r.checked.status === 'valid' && r.checked.existing !== null;
/** Saved by "Save N ready rows": valid, not replaced by a later line, and "replace" ticked if held. */
const ready = (r: PreviewRow) =>
  r.checked.status === 'valid' && r.checked.supersededBy === null && (!held(r) || r.replace);
/** Rows to fix and to decide on come first. */
const rank = (r: PreviewRow) => (r.checked.status === 'invalid' ? 0 : held(r) ? 1 : 2);

/** The box holds the rows not saved, as tab-separated lines under a header. */
function asText(list: PreviewRow[]): string {
  const fields = (['bib', 'registrationId', 'clockTime', 'tally', 'elevation'] as const).filter(
    (f) => list.some((r) => (r.draft[f] ?? '') !== ''),
  );
  const title = {
    bib: 'Bib',
    registrationId: 'Registration',
    clockTime: 'Time',
    tally: 'Tally',
    elevation: 'Elevation',
  };
  return [
    fields.map((f) => title[f]).join('\t'),
    ...list.map((r) => fields.map((f) => r.draft[f] ?? '').join('\t')),
  ].join('\n');
}

/**
 * Paste or import: the pasted text or a CSV file → a preview with a verdict per row → the ready
 * rows saved at once. After a save only the rows not saved stay, in the preview and in the box.
 */
export class ImportState {
  preview = $state<ImportPreview | null>(null);
  rows = $state<PreviewRow[]>([]);
  message = $state<{ ok: boolean; text: string } | null>(null);
  busy = $state(false);
  /** Kiosk mode: the import folder's CSV files (an OS file dialog is a way out of a kiosk). */
  folder = $state<{ folder: string; files: string[] } | null>(null);
  chosenFile = $state('');

  readyCount = $derived(this.rows.filter(ready).length);
  fixCount = $derived(this.rows.filter((r) => r.checked.status === 'invalid').length);
  heldCount = $derived(this.rows.filter((r) => held(r) && !r.replace).length);
  warnCount = $derived(this.rows.filter((r) => r.checked.warnings.length > 0).length);

  constructor(
    private readonly api: Pick<Api, 'previewResults' | 'listImportFiles' | 'readImportFile'>,
    private readonly results: Pick<ResultsState, 'eventId' | 'check' | 'commit'>,
    private readonly kept: ResultsKept = resultsKept,
  ) {}

  /** Waiting for "Replace" to be ticked. */
  isHeld(r: PreviewRow): boolean {
    return held(r) && !r.replace;
  }

  private show(list: PreviewRow[]): void {
    this.rows = [...list].sort((a, b) => rank(a) - rank(b) || a.checked.line - b.checked.line);
  }

  /** "Check rows": the box's text checked by main, row by row. */
  async makePreview(): Promise<void> {
    this.message = null;
    const eventId = this.results.eventId;
    if (eventId === null) return;
    const text = this.kept.pasteText;
    const r = await attempt(() => this.api.previewResults({ eventId, text }));
    if (!r.ok) {
      this.preview = null;
      this.rows = [];
      this.message = { ok: false, text: r.failure.message };
      return;
    }
    this.preview = r.value;
    this.show(r.value.rows.map((c) => ({ checked: c, draft: { ...c.raw }, replace: false })));
  }

  /** A CSV file picked on this computer. */
  async loadFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<void> {
    if (file.size > MAX_FILE_BYTES) {
      this.message = {
        ok: false,
        text: `${file.name} is too large (over 5 MB); split it into smaller files.`,
      };
      return;
    }
    this.kept.pasteText = await file.text();
    this.kept.pasteSource = 'csv';
    await this.makePreview();
  }

  async listFolder(): Promise<void> {
    this.message = null;
    const r = await attempt(() => this.api.listImportFiles());
    if (!r.ok) {
      this.message = { ok: false, text: r.failure.message };
      return;
    }
    this.folder = r.value;
    this.chosenFile = r.value.files[0] ?? '';
    if (!r.value.files.length)
      this.message = {
        ok: false,
        text: `No CSV files in ${r.value.folder}. Put the file there first.`,
      };
  }

  async loadFromFolder(): Promise<void> {
    const name = this.chosenFile;
    if (!name) return;
    const r = await attempt(() => this.api.readImportFile(name));
    if (!r.ok) {
      this.message = { ok: false, text: r.failure.message };
      return;
    }
    this.kept.pasteText = r.value;
    this.kept.pasteSource = 'csv';
    await this.makePreview();
  }

  /** A fixed field of a row: checked again on its own (a failure leaves the verdict as it was). */
  async recheck(row: PreviewRow): Promise<void> {
    const r = await this.results.check(row.draft);
    if (r?.ok) row.checked = { ...r.value, line: row.checked.line };
  }

  /** Saves the ready rows; the rows refused or not ready stay to be fixed or decided. */
  async save(): Promise<void> {
    this.busy = true;
    this.message = null;
    const toSave = this.rows.filter(ready);
    const r = await this.results.commit(
      toSave.map((row) => ({ ...row.draft, ...(row.replace ? { replace: true } : {}) })),
      this.kept.pasteSource,
    );
    this.busy = false;
    if (!r.ok) {
      this.message = { ok: false, text: r.failure.message };
      return;
    }
    const out = r.value;
    // Lines of the commit are 1-based positions in `toSave`.
    const refused = out.rejected.map((c) => {
      const row = toSave[c.line - 1]!;
      return { ...row, checked: { ...c, line: row.checked.line } };
    });
    const left = this.rows
      .filter((row) => !ready(row) && row.checked.supersededBy === null)
      .concat(refused);
    const notSaved = left.length
      ? ` ${left.length} ${left.length === 1 ? 'row was' : 'rows were'} not saved: fix or decide below.`
      : '';
    this.message = {
      ok: true,
      text: `Saved ${out.committed} results; they are queued for sending.${notSaved}`,
    };
    this.show(left);
    this.kept.pasteText = left.length ? asText(left) : '';
    if (!left.length) this.preview = null;
  }
}
