import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../main/db/open';
import { tempDir } from './temp-dir';

export interface TempDatabase {
  db: Database;
  close(): void;
}

/** A fresh kiosk database (openDatabase: WAL, synchronous=FULL, migrated) in its own temp folder. */
export function tempDatabase(label: string): TempDatabase {
  const folder = tempDir(label);
  const { db } = openDatabase(path.join(folder.dir, 'kiosk.db'));
  return {
    db,
    close() {
      if (db.open) db.close();
      folder.dispose();
    },
  };
}
