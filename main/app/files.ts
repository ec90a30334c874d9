import fs from 'node:fs';
import path from 'node:path';
import type { ExportResult } from '../../preload/api';
import { exportStamp, saveCsv } from '../exports';
import { AppError } from '../app-error';
import type { RaceSession } from '../race-session';
import { MAX_IMPORT_CHARS } from '../results/import';
import type { ResultsService } from '../results/results-service';
import type { AppContext } from './context';

/** CSV-like files directly in `dir` (none when it does not exist), by name. */
export function importFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && /\.(csv|tsv|txt)$/i.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** One file of the import folder, by name (only names `importFiles` lists). */
export function readImportFile(dir: string, name: string): string {
  if (!importFiles(dir).includes(name))
    throw new AppError('invalid-input', `There is no file "${name}" in ${dir}.`);
  const file = path.join(dir, name);
  if (fs.statSync(file).size > MAX_IMPORT_CHARS)
    throw new AppError(
      'invalid-input',
      `${name} is too large (over 5 MB); split it into smaller files.`,
    );
  return fs.readFileSync(file, 'utf8');
}

/** The runners of an event who have not checked in, as a CSV file. */
export async function exportNotPickedUp(
  ctx: AppContext,
  session: RaceSession | null,
  eventId: number,
): Promise<ExportResult> {
  if (!session) throw new AppError('not-ready', 'No race is connected.');
  const rows = session.notPickedUp(eventId);
  const eventName = session.eventNames().get(eventId) ?? String(eventId);
  return saveCsv(
    ctx.exportSink(),
    `not-picked-up-${eventName}-${exportStamp(ctx.clock.now())}.csv`,
    {
      header: ['bib', 'first and last name', 'event', 'age', 'gender', 'team', 'registration_id'],
      rows: rows.map((r) => [r.bib, r.name, eventName, r.age, r.gender, r.team, r.registrationId]),
    },
  );
}

/** The results queue or history, as a CSV file. */
export async function exportEntries(
  ctx: AppContext,
  results: ResultsService,
  view: 'queue' | 'history',
): Promise<ExportResult> {
  const name = `results-${view}-${exportStamp(ctx.clock.now())}.csv`;
  return saveCsv(ctx.exportSink(), name, results.export(view));
}
