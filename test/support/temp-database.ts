import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../main/db/open';
import { afterThis } from './cleanup';
import { tempFile } from './temp-dir';

/**
 * A fresh kiosk database (openDatabase: WAL, synchronous=FULL, migrated) in its own temp
 * folder; closed and removed after the test that made it.
 */
export function tempDatabase(label: string): Database {
  const { db } = openDatabase(tempFile(label, 'kiosk.db'));
  afterThis(() => {
    if (db.open) db.close();
  });
  return db;
}
