/**
 * Raw result rows (from import.ts or the keyboard grid) → entries ready to queue for
 * RunSignup's user-results endpoint, checked against the roster and the selected event
 * (docs/RUNSIGNUP.md §2). Pure: the roster comes in as two look-up functions.
 *
 * Rules, one per field:
 * - Runner: a registration id wins over a bib. Both given and disagreeing (or the bib not a
 *   number, or not in the roster) → the registration's own bib is used, with a warning.
 *   Bib alone → its registration. Neither → error. Not in the roster, or in another event
 *   than the selected one → error.
 * - Time: parseClockTime (clock-time.ts); empty → error; exactly zero → warning.
 * - Tally, optional for every event (RunSignup has no "uses tally" field and changes a tally
 *   only when one is sent; docs/RUNSIGNUP.md §2 and §7): absent → `undefined` (leave
 *   RunSignup's value unchanged); empty → `null` (clear it, with a warning saying so); else a
 *   number ≥ 0 with a dot or a comma as the decimal mark. A comma followed by exactly three
 *   digits ("1,750") is refused as ambiguous (thousands or decimals?) rather than guessed.
 * - Elevation gain, in millimetres like RunSignup's `elevation_gain_in_mm`: a whole number
 *   ≥ 0; optional (what is typed is sent; RunSignup ignores it where the event does not take
 *   it), required once the event is marked "elevation required" (event-rules.ts).
 *   1..999 mm is accepted with a warning (probably metres).
 *
 * In a batch, the same registration twice: the last valid row wins. Earlier valid rows keep
 * status 'valid' and their entry, gain `supersededBy` (the winning row's line) and a
 * warning, and are left out of `valid`, the list to commit. Invalid rows never supersede.
 */
import { parseClockTime } from './clock-time';
import type { RawRow } from './import';

export interface EventRules {
  eventId: number;
  /** RunSignup refused a row without elevation for this event, or staff said so. */
  elevationRequired: boolean;
}

export interface RosterRef {
  registrationId: number;
  bib: number | null;
  name: string;
  eventId: number;
}

export interface ValidationContext {
  event: EventRules;
  findByBib(bib: number): RosterRef | null;
  findByRegistration(id: number): RosterRef | null;
  /** An event's name for messages (volunteers know events by name, not by id). */
  eventName?(eventId: number): string | null;
}

/** One result, as it will be sent (field by field) to RunSignup. */
export interface ValidEntry {
  eventId: number;
  registrationId: number;
  /** The registration's bib from the roster (registration wins over a typed bib). */
  bib: number | null;
  /** Normalised by parseClockTime: "HH:MM:SS[.s]" or DQ/DNS/DNF/DNQ. */
  clockTime: string;
  /** undefined = leave unchanged (don't send), null = clear, number = set. */
  tally: number | null | undefined;
  /** Whole millimetres; null when none was typed (then none is sent). */
  elevationMm: number | null;
}

export interface ValidatedRow {
  line: number;
  status: 'valid' | 'invalid';
  /** Present exactly when status is 'valid'. */
  entry?: ValidEntry;
  errors: string[];
  warnings: string[];
  /** The runner's name when the row resolved to a roster entry (even if invalid). */
  name?: string;
  /** On a valid row replaced by a later row for the same registration: that row's line. */
  supersededBy?: number;
}

export interface ValidatedBatch {
  rows: ValidatedRow[];
  /** Entries to commit, in row order: valid and not superseded. */
  valid: ValidEntry[];
  invalidCount: number;
  /** Rows with at least one warning (superseded rows included). */
  warningCount: number;
  supersededCount: number;
}

/** Validates every row, then applies last-wins per registration; never throws on row data. */
export function validateBatch(rows: RawRow[], ctx: ValidationContext): ValidatedBatch {
  const checked = rows.map((raw) => validateOne(raw, ctx));
  const lastRowOf = new Map<number, ValidatedRow>();
  for (const row of checked) if (row.entry) lastRowOf.set(row.entry.registrationId, row);

  const out = checked.map((row): ValidatedRow => {
    const winner = row.entry && lastRowOf.get(row.entry.registrationId);
    if (!row.entry || !winner || winner === row) return row;
    const who = row.name ? ` (${row.name})` : '';
    const runner =
      row.entry.bib !== null ? `Bib ${row.entry.bib}` : `Registration ${row.entry.registrationId}`;
    return {
      ...row,
      supersededBy: winner.line,
      warnings: [
        ...row.warnings,
        `${runner}${who} appears again on line ${winner.line}; that later row is used instead of this one.`,
      ],
    };
  });

  const valid = out.flatMap((row) =>
    row.entry && row.supersededBy === undefined ? [row.entry] : [],
  );
  return {
    rows: out,
    valid,
    invalidCount: out.filter((row) => row.status === 'invalid').length,
    warningCount: out.filter((row) => row.warnings.length > 0).length,
    supersededCount: out.filter((row) => row.supersededBy !== undefined).length,
  };
}

/** Validates one row on its own (the keyboard entry grid); never throws on row data. */
export function validateOne(raw: RawRow, ctx: ValidationContext): ValidatedRow {
  const errors: string[] = [];
  const warnings: string[] = [];
  const runner = resolveRunner(raw, ctx, errors, warnings);

  const time = parseClockTime(text(raw.clockTime));
  if (!time.ok) errors.push(time.error);
  else if (time.ms === 0) warnings.push('Time is zero (00:00:00): check it.');

  const tally = readTally(raw.tally, errors, warnings);
  const elevationMm = readElevation(raw.elevation, ctx.event.elevationRequired, errors, warnings);

  const row: ValidatedRow = {
    line: raw.line,
    status: 'invalid',
    errors,
    warnings,
    ...(runner ? { name: runner.name } : {}),
  };
  if (errors.length > 0 || !runner || !time.ok) return row;
  return {
    ...row,
    status: 'valid',
    entry: {
      eventId: ctx.event.eventId,
      registrationId: runner.registrationId,
      bib: runner.bib,
      clockTime: time.value,
      tally,
      elevationMm,
    },
  };
}

function resolveRunner(
  raw: RawRow,
  ctx: ValidationContext,
  errors: string[],
  warnings: string[],
): RosterRef | null {
  const bibText = text(raw.bib);
  const registrationText = text(raw.registrationId);
  if (bibText === '' && registrationText === '') {
    errors.push('Enter a bib or a registration id.');
    return null;
  }

  if (registrationText !== '') {
    const id = wholeNumber(registrationText);
    if (id === null) {
      errors.push(`Registration id must be a whole number (got ${shown(registrationText)}).`);
      return null;
    }
    const runner = ctx.findByRegistration(id);
    if (!runner) {
      errors.push(`Registration ${id} is not in the roster.`);
      return null;
    }
    if (bibText !== '') {
      const bib = wholeNumber(bibText);
      if (bib !== runner.bib) {
        const using = `using registration ${id}'s ${runner.bib === null ? 'roster entry (no bib)' : `bib ${runner.bib}`}`;
        warnings.push(`${bibProblem(bibText, bib, ctx)}; ${using}.`);
      }
    }
    checkEvent(`Registration ${id}`, runner, ctx, errors);
    return runner;
  }

  const bib = wholeNumber(bibText);
  if (bib === null) {
    errors.push(`Bib must be a whole number (got ${shown(bibText)}).`);
    return null;
  }
  const runner = ctx.findByBib(bib);
  if (!runner) {
    errors.push(`Bib ${bib} is not in the roster.`);
    return null;
  }
  checkEvent(`Bib ${bib}`, runner, ctx, errors);
  return runner;
}

/** Why a typed bib is not the registration's bib, for the "registration wins" warning. */
function bibProblem(bibText: string, bib: number | null, ctx: ValidationContext): string {
  if (bib === null) return `Bib ${shown(bibText)} is not a whole number`;
  const holder = ctx.findByBib(bib);
  return holder ? `Bib ${bib} belongs to ${holder.name}` : `Bib ${bib} is not in the roster`;
}

function checkEvent(what: string, runner: RosterRef, ctx: ValidationContext, errors: string[]) {
  if (runner.eventId !== ctx.event.eventId) {
    const name = (id: number) => ctx.eventName?.(id) ?? `event ${id}`;
    errors.push(
      `${what} (${runner.name}) is registered in ${name(runner.eventId)}, not in ${name(ctx.event.eventId)}.`,
    );
  }
}

function readTally(
  raw: string | undefined,
  errors: string[],
  warnings: string[],
): number | null | undefined {
  if (raw === undefined) return undefined;
  const value = text(raw);
  if (value === '') {
    warnings.push('Tally is empty: this clears the tally already on RunSignup.');
    return null;
  }
  if (/^[-−–]/.test(value)) {
    errors.push(`Tally cannot be negative (got ${shown(value)}).`);
    return undefined;
  }
  if (/^\d+,\d{3}$/.test(value)) {
    errors.push(
      `Tally ${shown(value)} is ambiguous: write ${value.replace(',', '')} or ${value.replace(',', '.')}.`,
    );
    return undefined;
  }
  const decimal = /^(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(value)
    ? Number(value.replace(',', '.'))
    : NaN;
  if (!Number.isFinite(decimal)) {
    errors.push(`Tally must be a number, like 1.75 (got ${shown(value)}).`);
    return undefined;
  }
  return decimal;
}

function readElevation(
  raw: string | undefined,
  required: boolean,
  errors: string[],
  warnings: string[],
): number | null {
  const value = text(raw);
  if (value === '') {
    if (required) errors.push('Elevation gain is required for this event.');
    return null;
  }
  if (/^[-−–]/.test(value)) {
    errors.push(`Elevation gain cannot be negative (got ${shown(value)}).`);
    return null;
  }
  const mm = wholeNumber(value);
  if (mm === null) {
    errors.push(
      `Elevation gain must be a whole number of millimetres, without separators or units (got ${shown(value)}).`,
    );
    return null;
  }
  if (mm > 0 && mm < 1000) {
    warnings.push(
      `Elevation gain is in millimetres: ${mm} mm is only ${mm / 1000} m. For ${mm} m enter ${mm * 1000}.`,
    );
  }
  return mm;
}

/** Digits only, leading zeros allowed, within the safe integer range; else null. */
function wholeNumber(value: string): number | null {
  if (!/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

function text(value: string | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

function shown(value: string): string {
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);
}
