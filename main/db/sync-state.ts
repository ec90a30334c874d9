import type { Database } from 'better-sqlite3';

/** Small per-race bookmarks of the sync loops (watermarks, last full load), in SQLite. */
export class SyncState {
  constructor(
    private readonly db: Database,
    private readonly raceId: number,
  ) {}

  get(key: string): string | null {
    const v = this.db
      .prepare('SELECT value FROM sync_state WHERE race_id = ? AND key = ?')
      .pluck()
      .get(this.raceId, key);
    return typeof v === 'string' ? v : null;
  }

  getNumber(key: string): number | null {
    const v = this.get(key);
    return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
  }

  set(key: string, value: string | number): void {
    this.db
      .prepare(
        'INSERT INTO sync_state (race_id, key, value) VALUES (?, ?, ?) ON CONFLICT (race_id, key) DO UPDATE SET value = excluded.value',
      )
      .run(this.raceId, key, String(value));
  }
}
