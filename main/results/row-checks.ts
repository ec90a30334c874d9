/**
 * Checking rows as typed, pasted or imported against the cached roster and the results the
 * runners already have (validation.ts does the checks of one row and of a batch): what the grid
 * shows as you type, the import preview, and which rows of a commit are saved.
 */
import type {
  CheckedRow,
  DraftRow,
  ExistingResult,
  ImportPreview,
  ResultEvent,
} from '../../preload/api';
import { AppError } from '../app-error';
import type { RosterStore } from '../roster/roster-store';
import { fullName } from '../roster/roster-store';
import type { EntryQueries } from './entry-queries';
import type { StoredEntry } from './entry-row';
import type { EntryChanges } from './entry-store';
import type { RawRow } from './import';
import { parseResultTable } from './import';
import type { RosterRef, ValidatedRow, ValidationContext, ValidEntry } from './validation';
import { validateBatch, validateOne } from './validation';

export interface RowChecksDeps {
  roster: Pick<RosterStore, 'byBib' | 'byRegistration' | 'events'>;
  /** The virtual event rows are checked for (refused when there is none). */
  event: (eventId: number) => ResultEvent;
  entries: Pick<EntryQueries, 'latestLive'>;
}

/** The rows of a commit that are saved, and those that are not with the reason. */
export interface CommitPlan {
  /** Valid rows, not replaced by a later row for the same runner, not held back. */
  toSave: ValidEntry[];
  /** Runner names by registration id. */
  names: Map<number, string>;
  /** Invalid rows, and rows held back because their runner already has a result. */
  rejected: CheckedRow[];
  invalid: number;
  heldBack: number;
}

const rawOf = (r: RawRow): DraftRow => {
  const { line: _line, ...fields } = r;
  return fields;
};

function toChecked(r: ValidatedRow, raw: RawRow, existing: ExistingResult | null): CheckedRow {
  return {
    line: r.line,
    status: r.status,
    name: r.name ?? null,
    registrationId: r.entry?.registrationId ?? null,
    bib: r.entry?.bib ?? null,
    clockTime: r.entry?.clockTime ?? null,
    errors: r.errors,
    warnings: r.warnings,
    supersededBy: r.supersededBy ?? null,
    raw: rawOf(raw),
    existing,
  };
}

export class RowChecks {
  constructor(private readonly deps: RowChecksDeps) {}

  /** What a row of `eventId` is checked against. */
  context(eventId: number): ValidationContext {
    const event = this.deps.event(eventId);
    const { roster } = this.deps;
    const ref = (p: ReturnType<RosterStore['byBib']>): RosterRef | null =>
      p
        ? { registrationId: p.registrationId, bib: p.bib, name: fullName(p), eventId: p.eventId }
        : null;
    return {
      event: { eventId, elevationRequired: event.elevationRequired },
      findByBib: (bib) => ref(roster.byBib(bib)),
      findByRegistration: (id) => ref(roster.byRegistration(id)),
      eventName: (id) => roster.events().find((e) => e.eventId === id)?.name ?? null,
    };
  }

  /** One row as the grid shows it while it is typed. */
  checkRow(eventId: number, row: DraftRow): CheckedRow {
    const { replace: _replace, ...fields } = row;
    const raw = { line: 1, ...fields };
    const r = validateOne(raw, this.context(eventId));
    return {
      ...toChecked(r, raw, this.existingOf(eventId, r, raw)),
      registrationId: this.registrationOf(r, raw),
    };
  }

  /** A pasted or imported table, checked row by row before anything is saved. */
  preview(eventId: number, text: string): ImportPreview {
    const table = parseResultTable(text);
    const empty = {
      rows: [],
      valid: 0,
      invalid: 0,
      warnings: 0,
      superseded: 0,
      notes: table.warnings,
      headerDetected: table.headerDetected,
    };
    if (table.error) return { ...empty, error: table.error };
    const batch = validateBatch(table.rows, this.context(eventId));
    return {
      ...empty,
      rows: batch.rows.map((r, i) =>
        toChecked(r, table.rows[i]!, r.entry ? this.existingOf(eventId, r, table.rows[i]!) : null),
      ),
      valid: batch.valid.length,
      invalid: batch.invalidCount,
      warnings: batch.warningCount,
      superseded: batch.supersededCount,
      error: null,
    };
  }

  /**
   * Which rows of a commit are saved. A runner who already has a result is held back unless
   * the row's line is in `replace`: saving the same paste twice never sends a result twice.
   */
  review(eventId: number, rows: RawRow[], replace: ReadonlySet<number>): CommitPlan {
    const batch = validateBatch(rows, this.context(eventId));
    const existing = new Map(
      batch.rows.map((r, i) => [r.line, r.entry ? this.existingOf(eventId, r, rows[i]!) : null]),
    );
    const heldBack = new Set(
      batch.rows
        .filter(
          (r) =>
            r.entry && r.supersededBy === undefined && existing.get(r.line) && !replace.has(r.line),
        )
        .map((r) => r.line),
    );
    return {
      toSave: batch.rows.flatMap((r) =>
        r.entry && r.supersededBy === undefined && !heldBack.has(r.line) ? [r.entry] : [],
      ),
      names: new Map(
        batch.rows.filter((r) => r.entry && r.name).map((r) => [r.entry!.registrationId, r.name!]),
      ),
      rejected: batch.rows.flatMap((r, i) =>
        r.status === 'invalid' || heldBack.has(r.line)
          ? [toChecked(r, rows[i]!, existing.get(r.line) ?? null)]
          : [],
      ),
      invalid: batch.invalidCount,
      heldBack: heldBack.size,
    };
  }

  /** What an edit of a saved entry changes, checked like a typed row; refused when invalid. */
  changesOf(entry: StoredEntry, row: DraftRow): EntryChanges {
    const checked = validateOne(
      {
        line: 1,
        registrationId: String(entry.registrationId),
        clockTime: row.clockTime ?? entry.clockTime,
        ...(row.tally !== undefined ? { tally: row.tally } : {}),
        ...(row.elevation !== undefined ? { elevation: row.elevation } : {}),
      },
      this.context(entry.eventId),
    );
    if (checked.status === 'invalid' || !checked.entry)
      throw new AppError('invalid-input', checked.errors.join(' '));
    return {
      clockTime: checked.entry.clockTime,
      ...(row.tally !== undefined ? { tally: checked.entry.tally ?? null } : {}),
      ...(row.elevation !== undefined ? { elevationMm: checked.entry.elevationMm } : {}),
    };
  }

  /** The runner of a row; a row still missing its time by what was typed (the grid, as you type). */
  private registrationOf(r: ValidatedRow, raw: RawRow): number | null {
    if (r.entry) return r.entry.registrationId;
    const n = (text?: string) => (text && /^\d+$/.test(text.trim()) ? Number(text.trim()) : null);
    const reg = n(raw.registrationId);
    if (reg !== null) return this.deps.roster.byRegistration(reg)?.registrationId ?? null;
    const bib = n(raw.bib);
    return bib !== null ? (this.deps.roster.byBib(bib)?.registrationId ?? null) : null;
  }

  /** The result the runner of a checked row already has in the event, if any. */
  private existingOf(eventId: number, r: ValidatedRow, raw: RawRow): ExistingResult | null {
    const registrationId = this.registrationOf(r, raw);
    const e = registrationId !== null && this.deps.entries.latestLive(eventId, registrationId);
    return e ? { entryId: e.id, clockTime: e.clockTime, state: e.state, sentAt: e.sentAt } : null;
  }
}
