import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { AppError, sqliteCode } from '../app-error';
import { migrate } from './migrations';

export interface OpenedDatabase {
  db: Database;
  /** Set when the file could not be used and was set aside; the user must be told. */
  notice: string | null;
}

function openAndMigrate(file: string): Database {
  const db = new BetterSqlite3(file, { timeout: 2000 });
  try {
    db.pragma('journal_mode = WAL');
    // The queue's durability rule: a committed row survives a power cut (docs/ARCHITECTURE.md, queue rule 1).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw Object.assign(new Error(`integrity check failed: ${String(check)}`), {
        code: 'SQLITE_CORRUPT',
      });
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * Opens the app's database: WAL, synchronous=FULL, foreign keys on, migrated.
 * A corrupt file is moved aside untouched (with its -wal/-shm) and a fresh one is started, and
 * `notice` says so. A file locked by another process is refused with a clear message (kind
 * "not-ready"): the app never writes results to a file it would not read again, so the shell
 * offers Retry once the other program has closed it.
 */
export function openDatabase(file: string, now: number = Date.now()): OpenedDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    return { db: openAndMigrate(file), notice: null };
  } catch (e) {
    const code = sqliteCode(e);
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      const aside = `${file}.corrupt-${stamp(now)}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
      }
      return {
        db: openAndMigrate(file),
        notice: `The local database was damaged. It was set aside untouched as ${path.basename(aside)} and a new one was started; queued results in it were not sent.`,
      };
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new AppError(
        'not-ready',
        `The local database (${path.basename(file)}) is in use by another program, so the kiosk cannot start. Close the other copy of the app (or the program holding it), then press Retry.`,
      );
    }
    throw e;
  }
}
