import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from '../../../main/db/migrations';
import { openDatabase } from '../../../main/db/open';
import { tempFile } from '../../support/temp-dir';

const dbFile = () => tempFile('db', 'kiosk.db');

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  for (const m of migrations) {
    it(`migration ${m.version} (${m.name}) applies on a fresh database after its predecessors`, () => {
      const db = new BetterSqlite3(dbFile());
      migrate(
        db,
        migrations.filter((x) => x.version < m.version),
      );
      expect(schemaVersion(db)).toBe(m.version - 1);
      expect(
        migrate(
          db,
          migrations.filter((x) => x.version <= m.version),
        ),
      ).toEqual([m.version]);
      expect(schemaVersion(db)).toBe(m.version);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('are idempotent: a second run applies nothing', () => {
    const db = new BetterSqlite3(dbFile());
    migrate(db);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});

describe('opening the database', () => {
  it('uses WAL, synchronous FULL and foreign keys', () => {
    const { db, notice } = openDatabase(dbFile());
    expect(notice).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('sets a corrupt file aside untouched, starts fresh and says so', () => {
    const file = dbFile();
    const junk = Buffer.from('this is not a database '.repeat(200));
    fs.writeFileSync(file, junk);
    const { db, notice } = openDatabase(file, Date.UTC(2026, 10, 22, 7, 0, 0));
    expect(notice).toMatch(/damaged/);
    const aside = fs.readdirSync(path.dirname(file)).find((f) => f.includes('.corrupt-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(path.dirname(file), aside!))).toEqual(junk);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('refuses a locked file with a clear message, and writes no database beside it', () => {
    const file = dbFile();
    openDatabase(file).db.close();
    const holder = new BetterSqlite3(file);
    holder.pragma('journal_mode = DELETE');
    holder.exec('BEGIN EXCLUSIVE');
    expect(() => openDatabase(file)).toThrow(/in use by another program.*Retry/);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.db'))).toEqual([
      path.basename(file),
    ]);
    holder.exec('ROLLBACK');
    holder.close();
    // Once the other program lets go, the same file opens.
    openDatabase(file).db.close();
  });
});
