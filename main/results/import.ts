/**
 * Pasted text or a CSV file → raw result rows (strings only; validation.ts gives them
 * meaning), and rows → CSV for exports. Pure: the caller reads the file and decodes it as
 * UTF-8.
 *
 * Reading a table:
 * - A leading UTF-8 BOM is dropped; CRLF, CR and LF all end a line.
 * - The separator is the first of tab (spreadsheet paste), semicolon, comma that splits the
 *   first 20 non-blank rows into the same number (≥ 2) of cells, so `12;17:00,1;1,75` reads
 *   as semicolons; when none does, the one giving the most consistent rows (papaparse).
 * - Quoted cells may hold separators, doubled quotes and line breaks. Every cell is trimmed;
 *   a cell wrapped in quotes after trimming (`12, "17:00"`) is unwrapped too.
 * - Lines whose cells are all blank are skipped. `line` is the 1-based source line where a
 *   row starts (counting the header and blank lines) so messages point at the right place.
 * - The first non-blank line is a header when any of its cells names a known field
 *   (case, spaces and punctuation ignored, so "Bib #", "bib_num" and "BIB NUM" all match).
 *   With a header, a mapped column's cell is always present on the row (an empty cell gives
 *   `''`, which for tally means "clear it" on RunSignup); a row shorter than the header leaves
 *   the missing fields absent. Columns with other names are ignored with a warning.
 * - Without a header the columns are by position: bib, time, tally, elevation gain (mm).
 *   Trailing empty cells are dropped first (a trailing separator is not a value), so
 *   `12,17:00,` leaves the tally absent while `12,17:00,,1200` clears it.
 *   Such a table is only accepted when its first cell is a whole number or its second a time.
 * - Never throws: an empty, binary or unrecognisable input gives `error` and no rows.
 */
import Papa from 'papaparse';
import { parseClockTime } from './clock-time';

export type RowField = 'bib' | 'registrationId' | 'clockTime' | 'tally' | 'elevation';

/** One source row, cells trimmed but otherwise as typed. Absent field = no such column. */
export interface RawRow {
  /** 1-based source line where the row starts, for messages. */
  line: number;
  bib?: string;
  registrationId?: string;
  clockTime?: string;
  tally?: string;
  /** Elevation gain in millimetres, as RunSignup's `elevation_gain_in_mm`. */
  elevation?: string;
}

export interface TableColumn {
  /** The field this column feeds, or null when it is ignored. */
  field: RowField | null;
  /** The header text, or "Column N" when the table has no header. */
  header: string;
}

export interface ParsedTable {
  rows: RawRow[];
  columns: TableColumn[];
  headerDetected: boolean;
  warnings: string[];
  /** Set when nothing can be imported; rows is then empty. */
  error?: string;
}

/** Without a header row, columns mean these fields in this order. */
export const POSITIONAL_FIELDS: readonly RowField[] = ['bib', 'clockTime', 'tally', 'elevation'];

/** Header names per field, compared after lower-casing and dropping everything but a-z0-9. */
export const HEADER_ALIASES: Readonly<Record<RowField, readonly string[]>> = {
  bib: ['bib', 'bibnum', 'bibnumber', 'bibno', 'number'],
  registrationId: ['registrationid', 'registration', 'registrationnumber', 'regid', 'reg'],
  clockTime: ['clocktime', 'time', 'finishtime', 'finish', 'result'],
  tally: ['tally', 'tallyvalue', 'distance', 'miles', 'km', 'count'],
  elevation: [
    'elevation',
    'elevationgain',
    'elevationgainmm',
    'elevationgaininmm',
    'elevationmm',
    'gain',
    'gainmm',
  ],
};

/** A larger paste is a mistake (a results table is hundreds of rows); refuse it quickly. */
export const MAX_IMPORT_CHARS = 5_000_000;

const DELIMITERS = ['\t', ';', ','];

const ALL_FIELDS: readonly RowField[] = [
  'bib',
  'registrationId',
  'clockTime',
  'tally',
  'elevation',
];

const FIELD_LABELS: Readonly<Record<RowField, string>> = {
  bib: 'bib',
  registrationId: 'registration id',
  clockTime: 'time',
  tally: 'tally',
  elevation: 'elevation gain',
};

interface SourceRecord {
  line: number;
  cells: string[];
}

/** Parses a pasted or imported results table; never throws. */
export function parseResultTable(text: string): ParsedTable {
  if (typeof text !== 'string') return failure('Nothing to import: no text was given.');
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (withoutBom.length > MAX_IMPORT_CHARS) {
    return failure(
      `This is too large to be a results table (${withoutBom.length} characters). Import at most ${MAX_IMPORT_CHARS} characters at a time.`,
    );
  }
  const binary = binaryProblem(withoutBom);
  if (binary) return failure(binary);
  const body = withoutBom.replace(/\r\n?/g, '\n');
  if (body.trim() === '') return failure('Nothing to import: the text is empty.');

  const warnings: string[] = [];
  const records = readRecords(body, warnings);
  const [first, ...rest] = records;
  if (!first) return failure('Nothing to import: the text has only blank lines.');

  const headerDetected = first.cells.some((cell) => fieldForHeader(cell) !== null);
  const table = headerDetected
    ? fromHeaderTable(first, rest, warnings)
    : fromPositionalTable(records, warnings);
  return { ...table, headerDetected, warnings };
}

function readRecords(body: string, warnings: string[]): SourceRecord[] {
  const parsed = Papa.parse<string[]>(body, { delimiter: guessDelimiter(body), newline: '\n' });
  const records: SourceRecord[] = [];
  const lineOfRow: number[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    lineOfRow.push(line);
    const trimmed = cells.map(cleanCell);
    if (trimmed.some((cell) => cell !== '')) records.push({ line, cells: trimmed });
    line += 1 + cells.reduce((n, cell) => n + countNewlines(cell), 0);
  }
  for (const error of parsed.errors) {
    if (error.code === 'UndetectableDelimiter') continue;
    const at = error.row === undefined ? '' : `Line ${lineOfRow[error.row] ?? '?'}: `;
    warnings.push(`${at}${quoteProblem(error)}`);
  }
  return records;
}

function quoteProblem(error: Papa.ParseError): string {
  switch (error.code) {
    case 'MissingQuotes':
      return 'a quoted cell is never closed, so everything after it was read as one cell.';
    case 'InvalidQuotes':
      return 'a cell has a stray quote (").';
    default:
      return error.message;
  }
}

/**
 * The separator that splits the first 20 non-blank rows into the same number (≥ 2) of cells.
 * A split without quote errors beats one with them, and among those the one that finds more rows
 * wins (a tab inside a quoted cell must not pass for the separator); ties go to tab, then
 * semicolon, then comma. Failing all that, papaparse's guess (most consistent split).
 */
function guessDelimiter(body: string): string {
  let best: { delimiter: string; clean: boolean; rows: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const preview = Papa.parse<string[]>(body, {
      delimiter,
      newline: '\n',
      preview: 20,
      skipEmptyLines: 'greedy',
    });
    const widths = new Set(preview.data.map((cells) => cells.length));
    const [width] = widths;
    if (widths.size !== 1 || width === undefined || width < 2) continue;
    const candidate = { delimiter, clean: preview.errors.length === 0, rows: preview.data.length };
    if (
      best === null ||
      (candidate.clean && !best.clean) ||
      (candidate.clean === best.clean && candidate.rows > best.rows)
    ) {
      best = candidate;
    }
  }
  if (best) return best.delimiter;
  const guess = Papa.parse<string[]>(body, {
    newline: '\n',
    preview: 20,
    skipEmptyLines: 'greedy',
    delimitersToGuess: DELIMITERS,
  });
  return DELIMITERS.includes(guess.meta.delimiter) ? guess.meta.delimiter : ',';
}

function fromHeaderTable(
  header: SourceRecord,
  data: SourceRecord[],
  warnings: string[],
): Pick<ParsedTable, 'rows' | 'columns' | 'error'> {
  const columns: TableColumn[] = [];
  const taken = new Map<RowField, string>();
  header.cells.forEach((name, index) => {
    const field = fieldForHeader(name);
    const holder = field === null ? undefined : taken.get(field);
    if (field !== null && holder === undefined) {
      taken.set(field, name);
      columns.push({ field, header: name });
      return;
    }
    columns.push({ field: null, header: name });
    if (field !== null) {
      warnings.push(
        `Column "${clip(name)}" ignored: the ${FIELD_LABELS[field]} already comes from column "${clip(holder ?? '')}".`,
      );
    } else if (name === '') {
      if (data.some((record) => (record.cells[index] ?? '') !== '')) {
        warnings.push(`Column ${index + 1} ignored: it has no header.`);
      }
    } else if (/^(elev|gain|climb|ascent)/.test(normaliseHeader(name))) {
      warnings.push(
        `Column "${clip(name)}" ignored: elevation gain is entered in millimetres (1 m = 1000 mm); name the column "elevation_gain_in_mm" and enter millimetres.`,
      );
    } else {
      warnings.push(`Column "${clip(name)}" ignored: it is not a result field.`);
    }
  });

  const found = `Found: ${quotedList(header.cells)}.`;
  if (!taken.has('bib') && !taken.has('registrationId')) {
    return {
      rows: [],
      columns,
      error: `No bib or registration id column. ${found} Name a column "bib" or "registration_id".`,
    };
  }
  if (!taken.has('clockTime')) {
    return { rows: [], columns, error: `No time column. ${found} Name a column "time".` };
  }
  if (data.length === 0) return { rows: [], columns, error: 'No results under the header line.' };

  const rows = data.map((record) => {
    const row: RawRow = { line: record.line };
    columns.forEach((column, index) => {
      const cell = record.cells[index];
      if (column.field !== null && cell !== undefined) row[column.field] = cell;
    });
    return row;
  });
  return { rows, columns };
}

function fromPositionalTable(
  records: SourceRecord[],
  warnings: string[],
): Pick<ParsedTable, 'rows' | 'columns' | 'error'> {
  const trimmed = records.map((record) => ({
    line: record.line,
    cells: dropTrailingEmpty(record.cells),
  }));
  const width = trimmed.reduce((max, record) => Math.max(max, record.cells.length), 0);
  const columns: TableColumn[] = Array.from({ length: width }, (_, index) => ({
    field: POSITIONAL_FIELDS[index] ?? null,
    header: `Column ${index + 1}`,
  }));
  for (let index = POSITIONAL_FIELDS.length; index < width; index++) {
    warnings.push(
      `Column ${index + 1} ignored: without a header row the columns are bib, time, tally, elevation gain (mm).`,
    );
  }

  const first = trimmed[0]?.cells ?? [];
  const looksLikeData =
    /^\d+$/.test(first[0] ?? '') || (first[1] !== undefined && parseClockTime(first[1]).ok);
  if (!looksLikeData) {
    return {
      rows: [],
      columns,
      error: `No recognisable column in the first line (${quotedList(first)}). Add a header line naming the columns (bib, registration_id, time, tally, elevation_gain_in_mm), or put the bib first and the time second.`,
    };
  }
  if (width < 2) {
    return {
      rows: [],
      columns,
      error:
        'Only one column found. Put the bib and the time on each line, separated by a tab, a comma or a semicolon.',
    };
  }

  const rows = trimmed.map((record) => {
    const row: RawRow = { line: record.line };
    record.cells.forEach((cell, index) => {
      const field = POSITIONAL_FIELDS[index];
      if (field !== undefined) row[field] = cell;
    });
    return row;
  });
  return { rows, columns };
}

/** The field a header names, or null. */
export function fieldForHeader(header: string): RowField | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  return ALL_FIELDS.find((field) => HEADER_ALIASES[field].includes(key)) ?? null;
}

function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function cleanCell(cell: string): string {
  const trimmed = cell.trim();
  const wrapped = /^"([\s\S]*)"$/.exec(trimmed);
  return wrapped ? (wrapped[1] ?? '').replace(/""/g, '"').trim() : trimmed;
}

function dropTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const NOT_TEXT =
  'This is not a text table (it contains binary data). In your spreadsheet choose Save As → CSV (UTF-8), then import that file.';

/** A message when the input is clearly not text, else null. */
function binaryProblem(text: string): string | null {
  if (text.startsWith('PK\u0003\u0004')) {
    return 'This is a zipped file, such as an Excel (.xlsx) workbook, not a CSV. In your spreadsheet choose Save As → CSV (UTF-8), then import that file.';
  }
  const sample = text.slice(0, 64_000);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return NOT_TEXT;
    const control = code < 32 && code !== 9 && code !== 10 && code !== 13;
    if (control || code === 0x7f || code === 0xfffd) odd++;
  }
  return odd > sample.length * 0.1 ? NOT_TEXT : null;
}

function failure(error: string): ParsedTable {
  return { rows: [], columns: [], headerDetected: false, warnings: [], error };
}

function quotedList(cells: string[]): string {
  const shown = cells.slice(0, 8).map((cell) => `"${clip(cell)}"`);
  return cells.length > 8 ? `${shown.join(', ')} …` : shown.join(', ');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
