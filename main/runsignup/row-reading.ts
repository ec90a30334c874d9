/**
 * Reading RunSignup's lists one row at a time (docs/RUNSIGNUP.md §7): a row that lacks what
 * identifies it (a participant without `registration_id`, a check-in without `checkin_ts`) is
 * skipped and described; it never fails the page it came in. Pure: no I/O.
 */
import type { z } from 'zod';

/** Which list an unreadable row came from. */
export type RowSource =
  | 'events'
  | 'participants'
  | 'removed participants'
  | 'check-ins'
  | 'result sets'
  | 'result receipts';

export interface UnreadableRow {
  source: RowSource;
  /** What was missing or wrong, e.g. `registration_id missing`. */
  problems: string[];
  /** The same row read again gives the same fingerprint (so a re-poll does not count it twice). */
  fingerprint: string;
}

/**
 * Parses every row of `rows` with `schema`; rows that fail are left out and appended to
 * `unreadable`. A missing list reads as an empty one.
 */
export function readRows<T>(
  rows: readonly unknown[] | null | undefined,
  schema: z.ZodType<T>,
  source: RowSource,
  unreadable: UnreadableRow[],
  /** A plain reading of a clean row, giving what `schema` would (or undefined: use the schema). */
  clean?: (row: unknown) => T | undefined,
): T[] {
  const out: T[] = [];
  for (const row of rows ?? []) {
    const quick = clean?.(row);
    if (quick !== undefined) {
      out.push(quick);
      continue;
    }
    const parsed = schema.safeParse(row);
    if (parsed.success) out.push(parsed.data);
    else
      unreadable.push({
        source,
        problems: problemsOf(row, parsed.error),
        fingerprint: fingerprint(row),
      });
  }
  return out;
}

function problemsOf(row: unknown, error: z.ZodError): string[] {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    return [
      `not an object (${row === null ? 'null' : Array.isArray(row) ? 'a list' : typeof row})`,
    ];
  }
  const problems = new Set<string>();
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '(row)';
    problems.add(
      valueAt(row, issue.path) === undefined ? `${field} missing` : `${field} unreadable`,
    );
  }
  return [...problems];
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** FNV-1a of the row's JSON: short, stable, and no personal data in the logs. */
function fingerprint(row: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(row) ?? String(row);
  } catch {
    text = String(row);
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`;
}

/**
 * The unreadable rows RunSignup sent during one race session, each counted once (by
 * fingerprint), for the screen: "RunSignup sent N rows that could not be read".
 */
export class UnreadableRowTally {
  private readonly seen = new Map<string, UnreadableRow>();

  /** Adds rows; returns true when any of them was new. */
  add(rows: readonly UnreadableRow[]): boolean {
    let added = false;
    for (const r of rows) {
      const key = `${r.source}|${r.fingerprint}`;
      if (this.seen.has(key)) continue;
      this.seen.set(key, r);
      added = true;
    }
    return added;
  }

  get count(): number {
    return this.seen.size;
  }

  /** Counts by list, e.g. `{ participants: 2, 'check-ins': 1 }`. */
  bySource(): Partial<Record<RowSource, number>> {
    const out: Partial<Record<RowSource, number>> = {};
    for (const r of this.seen.values()) out[r.source] = (out[r.source] ?? 0) + 1;
    return out;
  }
}
