/**
 * CSV exports: stores hand over tables (a header and rows); this module alone formats them,
 * counts them and saves them where exports go.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { ExportResult } from '../preload/api';

export type CsvCell = string | number | null;

/** A table to export: the header and one array of cells per row. */
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

/** Where CSV exports go: a save dialog in the app, a folder in the web host and tests. */
export interface ExportSink {
  /** Saves `content` under a name like `suggestedName`; returns where it went. */
  save(suggestedName: string, content: string): Promise<string>;
}

/** Writes exports into a folder (UTF-8 with a BOM so Excel reads accents right). */
export function folderExportSink(dir: string): ExportSink {
  return {
    async save(suggestedName, content) {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, suggestedName.replace(/[^\w.-]+/g, '-'));
      fs.writeFileSync(file, '\uFEFF' + content);
      return file;
    },
  };
}

/** A file-name-safe timestamp for export names. */
export function exportStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[:T]/g, '-');
}

const FORMULA_START = /^(?![+-]?\d+(?:[.,]\d+)?$)[=+\-@\t\r]/;

/**
 * A table → CSV text (CRLF line ends, quoted only where needed). Guards against CSV formula
 * injection: a string cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`,
 * unless the whole cell is a plain number ("-5", "+1.5", "-1,5"), which a spreadsheet reads
 * as a number and never runs. Number cells are never changed; null is an empty cell.
 * `folderExportSink` prepends the BOM Excel needs.
 */
export function formatCsv(table: CsvTable): string {
  return Papa.unparse(
    { fields: table.header, data: table.rows },
    { newline: '\r\n', escapeFormulae: FORMULA_START },
  );
}

/** Formats `table`, saves it through `sink` and says where it went and how many rows it holds. */
export async function saveCsv(
  sink: ExportSink,
  suggestedName: string,
  table: CsvTable,
): Promise<ExportResult> {
  return { path: await sink.save(suggestedName, formatCsv(table)), rows: table.rows.length };
}
