import type { RaceState } from './race-state';
import type { SimEvent, StoredResult } from './race-data';
import { parseXml, XmlSyntaxError } from './xml';

/**
 * The rules of POST user-results (docs/RUNSIGNUP.md §2): parse the request in either
 * format, resolve each row to a registration of the event, check clock time, tally and
 * elevation, and turn it into the row the result set will hold.
 */

/** One row as submitted: JSON values, or strings from XML (an empty element is ""). */
export type RawRow = Record<string, unknown>;

export class RequestFormatError extends Error {
  override readonly name = 'RequestFormatError';
}

/** The rows of a `request` parameter. Throws RequestFormatError. */
export function parseRequestRows(request: string, format: 'json' | 'xml'): RawRow[] {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request);
    } catch {
      throw new RequestFormatError('Unable to parse request: invalid JSON.');
    }
    const rows = (parsed as { virtual_results?: unknown } | null)?.virtual_results;
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(rows)) {
      throw new RequestFormatError('Request must be an object with a virtual_results array.');
    }
    if (rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) {
      throw new RequestFormatError('Every virtual_results entry must be an object.');
    }
    return rows as RawRow[];
  }
  try {
    const root = parseXml(request);
    if (root.name !== 'request')
      throw new RequestFormatError('XML request root must be <request>.');
    return root.children
      .filter((c) => c.name === 'virtual_result')
      .map((c) => Object.fromEntries(c.children.map((f) => [f.name, f.text.trim()])));
  } catch (e) {
    if (e instanceof XmlSyntaxError)
      throw new RequestFormatError(`Unable to parse request: ${e.message}`);
    throw e;
  }
}

const CLOCK_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$/;
const SPECIAL_TIMES = new Set(['DQ', 'DNS', 'DNF', 'DNQ']);

/** Milliseconds of `hhh:mm:ss.s`; null for DQ/DNS/DNF/DNQ; undefined when malformed. */
export function clockTimeMs(text: string): number | null | undefined {
  if (SPECIAL_TIMES.has(text)) return null;
  const m = CLOCK_TIME.exec(text);
  if (!m) return undefined;
  const fraction = (m[4] ?? '').padEnd(3, '0');
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(fraction || 0);
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** A positive whole number given as a number or digits; undefined when blank; NaN when invalid. */
function idValue(v: unknown): number | undefined {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : NaN;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return NaN;
}

function decimalValue(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return NaN;
}

export interface RowError {
  /** 1-based position in the request. */
  row: number;
  message: string;
}

export type RowOutcome =
  { ok: true; result: Omit<StoredResult, 'version'> } | ({ ok: false } & RowError);

/**
 * Checks one row against the event. `previous` gives the registration's current row in the
 * target set (for "tally absent = unchanged").
 */
export function resolveRow(
  state: RaceState,
  event: SimEvent,
  resultSetId: number,
  raw: RawRow,
  index: number,
  nowTs: number,
  previous: (registrationId: number) => Omit<StoredResult, 'version'> | undefined,
): RowOutcome {
  const row = index + 1;
  const fail = (message: string): RowOutcome => ({
    ok: false,
    row,
    message: `${message} (row ${row})`,
  });

  const registrationId = idValue(raw.registration_id);
  const bib = idValue(raw.bib_num);
  if (Number.isNaN(registrationId))
    return fail(`Invalid registration id: ${String(raw.registration_id)}`);
  if (Number.isNaN(bib)) return fail(`Invalid bib number: ${String(raw.bib_num)}`);
  if (registrationId === undefined && bib === undefined)
    return fail('Either registration_id or bib_num is required');
  const participant =
    registrationId !== undefined
      ? state.participant(registrationId)
      : state.participantByBib(bib as number, event.eventId);
  if (!participant || participant.event_id !== event.eventId) {
    return registrationId !== undefined
      ? fail(`Invalid registration id: ${registrationId}`)
      : fail(`Invalid bib number: ${bib}`);
  }

  const clock = raw.clock_time;
  if (typeof clock !== 'string' || clock.trim() === '') return fail('Missing clock_time');
  const ms = clockTimeMs(clock.trim());
  if (ms === undefined)
    return fail(`Invalid clock_time: ${clock}. Use hhh:mm:ss.s, DQ, DNS, DNF or DNQ`);

  let tally: number | null;
  if (!('tally_value' in raw)) tally = previous(participant.registration_id)?.tally_value ?? null;
  else if (isBlank(raw.tally_value)) tally = null;
  else {
    tally = decimalValue(raw.tally_value);
    if (Number.isNaN(tally)) return fail(`Invalid tally_value: ${String(raw.tally_value)}`);
  }

  let elevation: number | null = null;
  if (event.allowElevation) {
    if (isBlank(raw.elevation_gain_in_mm))
      return fail('elevation_gain_in_mm is required for this event');
    const v = raw.elevation_gain_in_mm;
    elevation =
      typeof v === 'number' && Number.isInteger(v) && v >= 0
        ? v
        : typeof v === 'string' && /^\d+$/.test(v.trim())
          ? Number(v.trim())
          : NaN;
    if (Number.isNaN(elevation)) return fail(`Invalid elevation_gain_in_mm: ${String(v)}`);
  }

  return {
    ok: true,
    result: {
      event_id: event.eventId,
      registration_id: participant.registration_id,
      bib_num: participant.bib_num,
      clock_time: clock.trim(),
      tally_value: tally,
      elevation_gain_in_mm: elevation,
      individual_result_set_id: resultSetId,
      results_received_ts: nowTs,
      submitted_time_in_ms: ms,
      result_approval_ts: null,
    },
  };
}
