import type { CheckedRow, DraftRow } from '../../../preload/api';
import { elevationToMm } from './elevation';
import { resultsKept, shortClock, type ResultsKept } from './results-kept.svelte';
import type { ResultsState } from './results.svelte';

/** Where the cursor goes after Enter: back to Bib for the next runner, or to "Replace". */
export type NextFocus = 'bib' | 'replace' | null;

/**
 * Keyboard entry of one result: bib → the runner's name → time → tally → elevation → Enter
 * saves and empties the form. A runner who already has a result is saved only after "replace?".
 */
export class EntryFormState {
  bib = $state('');
  clockTime = $state('');
  tally = $state('');
  elevation = $state('');
  /** The runner the bib belongs to (or why it does not), as main checked it. */
  who = $state<CheckedRow | null>(null);
  problem = $state<string[]>([]);
  /** The runner already has a result: Enter asks "replace?" before saving. */
  askReplace = $state(false);
  private seq = 0;

  constructor(
    private readonly results: Pick<ResultsState, 'check' | 'commit'>,
    private readonly kept: ResultsKept = resultsKept,
  ) {}

  /** Any change to a field clears the message about it and the "replace?" question. */
  edited(): void {
    this.problem = [];
    this.askReplace = false;
  }

  draft(): DraftRow {
    const row: DraftRow = { bib: this.bib.trim(), clockTime: this.clockTime.trim() };
    if (this.tally.trim() !== '') row.tally = this.tally.trim();
    row.elevation = elevationToMm(this.elevation, this.kept.elevationUnit);
    return row;
  }

  /** The bib changed: the runner's name (only the newest answer counts). */
  async lookupBib(): Promise<void> {
    const mine = ++this.seq;
    this.edited();
    const bib = this.bib.trim();
    if (!/^\d+$/.test(bib)) {
      this.who = null;
      return;
    }
    const r = await this.results.check({ bib });
    // A failed look-up leaves the name as it was; saving says what is wrong.
    if (r?.ok && mine === this.seq) this.who = r.value;
  }

  /** Enter (or "Replace"): saves the row, or asks first when the runner has a result. */
  async commit(replace = false): Promise<NextFocus> {
    if (!replace && this.who?.existing && this.clockTime.trim() !== '') {
      this.askReplace = true;
      return 'replace';
    }
    this.kept.saved = null;
    const r = await this.results.commit(
      [{ ...this.draft(), ...(replace ? { replace: true } : {}) }],
      'keyboard',
    );
    if (!r.ok) {
      this.problem = [r.failure.message];
      return null;
    }
    const out = r.value;
    if (out.committed === 1) {
      this.kept.saved = {
        registrationId: this.who?.registrationId ?? -1,
        text: `Saved: ${this.who?.name ?? 'bib ' + this.bib} ${shortClock(this.draft().clockTime ?? '')}`,
      };
      this.askReplace = false;
      this.bib = '';
      this.clockTime = '';
      this.tally = '';
      this.elevation = '';
      this.who = null;
      this.problem = [];
      return 'bib';
    }
    if (out.rejected[0]?.existing) {
      this.who = out.rejected[0];
      this.askReplace = true;
      return 'replace';
    }
    this.problem = out.rejected[0]?.errors ?? ['This row was not saved.'];
    return null;
  }
}
