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
  {
    version: 2,
    name: 'roster and check-ins',
    up: `
      CREATE TABLE races (
        race_id   INTEGER PRIMARY KEY,
        name      TEXT    NOT NULL,
        timezone  TEXT,
        loaded_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE events (
        race_id          INTEGER NOT NULL,
        event_id         INTEGER NOT NULL,
        name             TEXT    NOT NULL,
        event_type       TEXT,
        is_virtual       INTEGER NOT NULL,
        allows_elevation INTEGER NOT NULL,
        uses_tally       INTEGER,
        start_time       TEXT,
        PRIMARY KEY (race_id, event_id)
      ) STRICT;
      CREATE TABLE participants (
        race_id         INTEGER NOT NULL,
        registration_id INTEGER NOT NULL,
        event_id        INTEGER NOT NULL,
        bib             INTEGER,
        first_name      TEXT    NOT NULL,
        last_name       TEXT    NOT NULL,
        -- lower-case, accent-free "first last" and "last first", for prefix search
        name_key        TEXT    NOT NULL,
        last_key        TEXT    NOT NULL,
        age             INTEGER,
        gender          TEXT,
        team            TEXT,
        last_modified   INTEGER,
        PRIMARY KEY (race_id, registration_id)
      ) STRICT;
      CREATE INDEX participants_bib ON participants (race_id, bib);
      CREATE INDEX participants_name ON participants (race_id, name_key);
      CREATE INDEX participants_last ON participants (race_id, last_key);
      CREATE INDEX participants_event ON participants (race_id, event_id);
      CREATE TABLE removed_participants (
        race_id             INTEGER NOT NULL,
        registration_id     INTEGER NOT NULL,
        event_id            INTEGER,
        reason              TEXT,
        new_registration_id INTEGER,
        last_modified_ts    INTEGER,
        PRIMARY KEY (race_id, registration_id)
      ) STRICT;
      CREATE TABLE checkins (
        race_id         INTEGER NOT NULL,
        registration_id INTEGER NOT NULL,
        checkin_ts      INTEGER NOT NULL,
        first_seen_at   INTEGER NOT NULL,
        PRIMARY KEY (race_id, registration_id)
      ) STRICT;
      CREATE INDEX checkins_ts ON checkins (race_id, checkin_ts);
    `,
  },
  {
    version: 3,
    name: 'result entries and their queue state',
    up: `
      CREATE TABLE result_sets (
        race_id       INTEGER NOT NULL,
        event_id      INTEGER NOT NULL,
        result_set_id INTEGER NOT NULL,
        name          TEXT,
        PRIMARY KEY (race_id, event_id, result_set_id)
      ) STRICT;
      -- One row per committed entry: what was typed, when, on which device, and its fate.
      -- The state column is the entry's queue row (docs/ARCHITECTURE.md "Rules for the queue").
      CREATE TABLE result_entries (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        race_id               INTEGER NOT NULL,
        event_id              INTEGER NOT NULL,
        result_set_id         INTEGER,
        registration_id       INTEGER NOT NULL,
        bib                   INTEGER,
        name                  TEXT    NOT NULL,
        clock_time            TEXT    NOT NULL,
        tally_mode            TEXT    NOT NULL CHECK (tally_mode IN ('absent', 'clear', 'set')),
        tally                 REAL,
        elevation_mm          INTEGER,
        source                TEXT    NOT NULL,
        device                TEXT    NOT NULL,
        entered_at            INTEGER NOT NULL,
        state                 TEXT    NOT NULL
          CHECK (state IN ('queued', 'sending', 'sent', 'needs_fix', 'superseded', 'deleted')),
        attempts              INTEGER NOT NULL DEFAULT 0,
        next_attempt_at       INTEGER,
        last_error            TEXT,
        last_error_kind       TEXT,
        superseded_by         INTEGER REFERENCES result_entries (id),
        sent_at               INTEGER,
        receipt_received_ts   INTEGER,
        receipt_submitted_ms  INTEGER,
        receipt_result_set_id INTEGER
      ) STRICT;
      CREATE INDEX result_entries_state ON result_entries (race_id, state, id);
      CREATE INDEX result_entries_registration ON result_entries (race_id, event_id, registration_id, id);
    `,
  },
  {
    version: 4,
    name: 'receipts unreadable, batches set aside, rows held for a result set, elevation required',
    up: `
      -- RunSignup stored the row but its receipt could not be read (docs/RUNSIGNUP.md §7).
      ALTER TABLE result_entries ADD COLUMN receipt_unreadable INTEGER NOT NULL DEFAULT 0;
      -- Failures in a row with the same message; at 5 the entry is set aside (needs_fix).
      ALTER TABLE result_entries ADD COLUMN same_failures INTEGER NOT NULL DEFAULT 0;
      -- 1: typed before the event's result sets were known, or with several sets and none
      -- chosen; not sent until a set is known or chosen.
      ALTER TABLE result_entries ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
      -- Rows already waiting without a set were typed before any list was known: hold them too,
      -- so they go to the set the list settles (or staff choose) instead of one nobody chose.
      UPDATE result_entries SET held = 1
        WHERE state IN ('queued', 'sending') AND result_set_id IS NULL;
      -- Events whose result sets were downloaded (a list may be empty: RunSignup then creates one).
      CREATE TABLE result_set_lists (
        race_id   INTEGER NOT NULL,
        event_id  INTEGER NOT NULL,
        loaded_at INTEGER NOT NULL,
        PRIMARY KEY (race_id, event_id)
      ) STRICT;
      -- "Elevation required": learnt from RunSignup refusing a row without it, or set by staff.
      CREATE TABLE event_rules (
        race_id            INTEGER NOT NULL,
        event_id           INTEGER NOT NULL,
        elevation_required INTEGER NOT NULL,
        set_by             TEXT    NOT NULL CHECK (set_by IN ('runsignup', 'staff')),
        updated_at         INTEGER NOT NULL,
        PRIMARY KEY (race_id, event_id)
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'event end times (which events belong to the current event day)',
    up: `
      -- JSON like start_time; null when RunSignup did not say.
      ALTER TABLE events ADD COLUMN end_time TEXT;
    `,
  },
  {
    version: 6,
    name: 'name keys without apostrophes or hyphens',
    // nameKey now drops apostrophes ("obrien" finds O'Brien) and splits on hyphens ("mary kate"
    // finds Mary-Kate); the keys saved before are brought to the same form.
    up: `
      UPDATE participants SET
        name_key = replace(replace(name_key, '''', ''), '-', ' '),
        last_key = replace(replace(last_key, '''', ''), '-', ' ');
    `,
  },
  {
    version: 7,
    name: 'no SQL indexes on name keys (name search is in memory)',
    // Name search reads the keys once into roster/name-index.ts; these indexes only slowed the
    // roster's inserts (about 0.1 s of a 50,000-runner first load).
    up: `
      DROP INDEX IF EXISTS participants_name;
      DROP INDEX IF EXISTS participants_last;
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
