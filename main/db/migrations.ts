import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/**
 * Every schema change, in order. Never edit a migration that has shipped: add a new one.
 * Each is tested on a fresh database (test/integration/db/migrations.test.ts).
 */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'sync state',
    up: `
      CREATE TABLE sync_state (
        race_id INTEGER NOT NULL,
        key     TEXT    NOT NULL,
        value   TEXT    NOT NULL,
        PRIMARY KEY (race_id, key)
      ) STRICT;
    `,
  },
];

/** Applies the migrations not yet applied, each in its own transaction. Returns the versions applied. */
export function migrate(db: Database, list: Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  ) STRICT`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const done: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(
        m.version,
        m.name,
      );
    })();
    done.push(m.version);
  }
  return done;
}

export function schemaVersion(db: Database): number {
  return Number(
    db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get(),
  );
}
