import type { Database, Statement } from 'better-sqlite3';
import type { Participant, Race, RemovedParticipant } from '../runsignup/types';
import type { IndexedPerson, NameIndex } from './name-index';
import { nameIndexOf } from './name-index';
import { joinKeys, nameKey } from './name-key';
import { rosterChanged } from './roster-changes';

/** One runner as the roster's queries return it (participants table columns). */
export interface PersonRow {
  registration_id: number;
  event_id: number;
  bib: number | null;
  first_name: string;
  last_name: string;
  age: number | null;
  gender: string | null;
  team: string | null;
}

export interface StoredEvent {
  eventId: number;
  name: string;
  eventType: string | null;
  isVirtual: boolean;
  startTime: string | null;
  /** RsuDateTime as JSON, like startTime. */
  endTime: string | null;
}

export interface RosterPerson {
  registrationId: number;
  eventId: number;
  bib: number | null;
  firstName: string;
  lastName: string;
  age: number | null;
  gender: string | null;
  team: string | null;
}

const toPerson = (r: PersonRow): RosterPerson => ({
  registrationId: r.registration_id,
  eventId: r.event_id,
  bib: r.bib,
  firstName: r.first_name,
  lastName: r.last_name,
  age: r.age,
  gender: r.gender,
  team: r.team,
});

export const fullName = (p: { firstName: string; lastName: string }): string =>
  `${p.firstName} ${p.lastName}`.trim();

const PERSON_COLUMNS = 'registration_id, event_id, bib, first_name, last_name, age, gender, team';

/** The cached roster of one race: events, participants and removals, in SQLite. */
export class RosterStore {
  private readonly upsertStmt: Statement;
  private readonly byBibStmt: Statement;
  private readonly byRegStmt: Statement;
  /** Several registrations at once (a JSON array of ids): the rows of a name search. */
  private readonly byRegsStmt: Statement;
  private readonly names: NameIndex;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {
    this.upsertStmt = db.prepare(`
      INSERT INTO participants (race_id, registration_id, event_id, bib, first_name, last_name, name_key, last_key, age, gender, team, last_modified)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (race_id, registration_id) DO UPDATE SET
        event_id = excluded.event_id, bib = excluded.bib, first_name = excluded.first_name,
        last_name = excluded.last_name, name_key = excluded.name_key, last_key = excluded.last_key,
        age = excluded.age, gender = excluded.gender, team = excluded.team, last_modified = excluded.last_modified`);
    this.byBibStmt = db.prepare(
      `SELECT ${PERSON_COLUMNS} FROM participants WHERE race_id = ? AND bib = ? LIMIT 1`,
    );
    this.names = nameIndexOf(db, raceId);
    this.byRegStmt = db.prepare(
      `SELECT ${PERSON_COLUMNS} FROM participants WHERE race_id = ? AND registration_id = ?`,
    );
    this.byRegsStmt = db.prepare(
      `SELECT ${PERSON_COLUMNS} FROM participants WHERE race_id = ? AND registration_id IN (SELECT value FROM json_each(?))`,
    );
  }

  saveRace(race: Race, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO races (race_id, name, timezone, loaded_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (race_id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone, loaded_at = excluded.loaded_at`,
        )
        .run(race.raceId, race.name, race.timezone, now);
      this.db.prepare('DELETE FROM events WHERE race_id = ?').run(this.raceId);
      const insert = this.db.prepare(
        `INSERT INTO events (race_id, event_id, name, event_type, is_virtual, allows_elevation, uses_tally, start_time, end_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of race.events) {
        insert.run(
          this.raceId,
          e.eventId,
          e.name,
          e.eventType,
          e.isVirtual ? 1 : 0,
          // No longer read from RunSignup (it sends no such field): see results/event-rules.ts.
          0,
          null,
          e.startTime ? JSON.stringify(e.startTime) : null,
          e.endTime ? JSON.stringify(e.endTime) : null,
        );
      }
    })();
    rosterChanged(this.db, this.raceId);
  }

  raceName(): string | null {
    const v = this.db.prepare('SELECT name FROM races WHERE race_id = ?').pluck().get(this.raceId);
    return typeof v === 'string' ? v : null;
  }

  events(): StoredEvent[] {
    const rows = this.db
      .prepare(
        'SELECT event_id, name, event_type, is_virtual, start_time, end_time FROM events WHERE race_id = ? ORDER BY event_id',
      )
      .all(this.raceId) as Array<{
      event_id: number;
      name: string;
      event_type: string | null;
      is_virtual: number;
      start_time: string | null;
      end_time: string | null;
    }>;
    return rows.map((r) => ({
      eventId: r.event_id,
      name: r.name,
      eventType: r.event_type,
      isVirtual: r.is_virtual === 1,
      startTime: r.start_time,
      endTime: r.end_time,
    }));
  }

  /** Inserts or updates participants in one transaction; removed registrations stay out. */
  upsertParticipants(list: readonly Participant[]): void {
    // The name index, when built, takes the new rows as they are; when not (always during a
    // first load) it reads the table on the first name search, so no row is kept for it here.
    const indexed: IndexedPerson[] | null = this.names.isBuilt ? [] : null;
    this.db.transaction(() => {
      for (const p of list) {
        const first = nameKey(p.firstName);
        const last = nameKey(p.lastName);
        const nameKeyValue = joinKeys(first, last);
        const lastKey = joinKeys(last, first);
        this.upsertStmt.run(
          this.raceId,
          p.registrationId,
          p.eventId,
          p.bib,
          p.firstName,
          p.lastName,
          nameKeyValue,
          lastKey,
          p.age,
          p.gender,
          p.team,
          p.lastModified,
        );
        indexed?.push({
          registration_id: p.registrationId,
          name_key: nameKeyValue,
          last_key: lastKey,
        });
      }
    })();
    if (indexed) this.names.upserted(indexed);
    rosterChanged(this.db, this.raceId);
  }

  /** Records removals (refunds, transfers, deferrals) and takes those registrations off the roster. */
  applyRemovals(list: readonly RemovedParticipant[]): number {
    let removed = 0;
    const dropped: number[] = [];
    this.db.transaction(() => {
      const record = this.db.prepare(
        `INSERT INTO removed_participants (race_id, registration_id, event_id, reason, new_registration_id, last_modified_ts)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (race_id, registration_id) DO UPDATE SET reason = excluded.reason,
           new_registration_id = excluded.new_registration_id, last_modified_ts = excluded.last_modified_ts`,
      );
      const drop = this.db.prepare(
        'DELETE FROM participants WHERE race_id = ? AND registration_id = ?',
      );
      for (const r of list) {
        record.run(
          this.raceId,
          r.registrationId,
          r.eventId,
          r.reason,
          r.newRegistrationId,
          r.lastModifiedTs,
        );
        const changes = drop.run(this.raceId, r.registrationId).changes;
        if (changes > 0) dropped.push(r.registrationId);
        removed += changes;
      }
    })();
    this.names.removed(dropped);
    rosterChanged(this.db, this.raceId);
    return removed;
  }

  isRemoved(registrationId: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM removed_participants WHERE race_id = ? AND registration_id = ?')
        .get(this.raceId, registrationId) !== undefined
    );
  }

  count(): number {
    return Number(
      this.db
        .prepare('SELECT COUNT(*) FROM participants WHERE race_id = ?')
        .pluck()
        .get(this.raceId),
    );
  }

  byBib(bib: number): RosterPerson | null {
    const r = this.byBibStmt.get(this.raceId, bib) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  byRegistration(registrationId: number): RosterPerson | null {
    const r = this.byRegStmt.get(this.raceId, registrationId) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  /**
   * Name search, accent- and case-insensitive: the query matches where it starts a word of
   * "first last" or of "last first" ("smi" Smith, "marquez" García Márquez, "mary kate"
   * Mary-Kate, "van der" Van der Berg), in "last first" order. See `nameKey` for how names and
   * queries are folded, and `NameIndex` for how it stays fast at 50,000 runners.
   */
  searchByName(query: string, limit: number): RosterPerson[] {
    const key = nameKey(query);
    if (!key) return [];
    const ids = this.names.search(key, limit).ids;
    if (ids.length === 0) return [];
    const rows = this.byRegsStmt.all(this.raceId, JSON.stringify(ids)) as PersonRow[];
    const byId = new Map(rows.map((r) => [r.registration_id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toPerson(row)] : [];
    });
  }

  /** How many runners `searchByName` would find without a limit. */
  countByName(query: string): number {
    const key = nameKey(query);
    if (!key) return 0;
    return this.names.search(key, 0).matches;
  }

  /** Everyone in an event, in bib order. */
  inEvent(eventId: number): RosterPerson[] {
    const rows = this.db
      .prepare(
        `SELECT ${PERSON_COLUMNS} FROM participants WHERE race_id = ? AND event_id = ? ORDER BY bib IS NULL, bib, last_name`,
      )
      .all(this.raceId, eventId) as PersonRow[];
    return rows.map(toPerson);
  }

  /** Participants per event. */
  countsByEvent(): Map<number, number> {
    const rows = this.db
      .prepare(
        'SELECT event_id, COUNT(*) AS n FROM participants WHERE race_id = ? GROUP BY event_id',
      )
      .all(this.raceId) as Array<{ event_id: number; n: number }>;
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }

  /** Forgets this race's roster (used when a first load is restarted from scratch). */
  clear(): void {
    this.db.transaction(() => {
      for (const table of ['participants', 'removed_participants']) {
        this.db.prepare(`DELETE FROM ${table} WHERE race_id = ?`).run(this.raceId);
      }
    })();
    this.names.stale();
    rosterChanged(this.db, this.raceId);
  }
}
