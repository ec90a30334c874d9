/**
 * The result sets of each virtual event, as downloaded from RunSignup with the roster (so they
 * are known offline), and the rows held until the set they go to is settled.
 *
 * Which set a new row goes to (`resolve`):
 * - staff picked a set → that set;
 * - the event's list was never downloaded → held (RunSignup would otherwise pick or create a
 *   set nobody chose);
 * - the list is known: no set → none (RunSignup creates one), one set → that set, several →
 *   held until staff choose (`assignHeld`).
 * When a list arrives (`save`), held rows of that event go out if it settles their set.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../app-error';
import type { ResultSet } from '../runsignup/types';

const NOT_THIS_EVENTS_SET =
  "The chosen result set is not one of this event's result sets on RunSignup: choose the set again.";

export interface SetChoice {
  resultSetId: number | null;
  /** Not sent until a set is known or chosen. */
  held: boolean;
}

export class ResultSetCatalog {
  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {}

  /** Whether this event's list was downloaded (it may be empty). */
  known(eventId: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM result_set_lists WHERE race_id = ? AND event_id = ?')
        .get(this.raceId, eventId) !== undefined
    );
  }

  list(eventId: number): ResultSet[] {
    const rows = this.db
      .prepare(
        'SELECT result_set_id, name FROM result_sets WHERE race_id = ? AND event_id = ? ORDER BY result_set_id',
      )
      .all(this.raceId, eventId) as Array<{ result_set_id: number; name: string | null }>;
    return rows.map((r) => ({ resultSetId: r.result_set_id, name: r.name }));
  }

  /**
   * Stores a downloaded list (replacing the old one) and releases the event's held rows when
   * the list settles their set. Returns how many rows were released. One transaction.
   */
  save(eventId: number, sets: readonly ResultSet[], now: number): number {
    return this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM result_sets WHERE race_id = ? AND event_id = ?')
        .run(this.raceId, eventId);
      const insert = this.db.prepare(
        'INSERT OR REPLACE INTO result_sets (race_id, event_id, result_set_id, name) VALUES (?, ?, ?, ?)',
      );
      for (const s of sets) insert.run(this.raceId, eventId, s.resultSetId, s.name);
      this.db
        .prepare(
          `INSERT INTO result_set_lists (race_id, event_id, loaded_at) VALUES (?, ?, ?)
           ON CONFLICT (race_id, event_id) DO UPDATE SET loaded_at = excluded.loaded_at`,
        )
        .run(this.raceId, eventId, now);
      if (sets.length > 1) return 0;
      return this.release(eventId, sets[0]?.resultSetId ?? null);
    })();
  }

  /** Where a row typed now for `eventId` goes, given the set staff picked (null: none picked). */
  resolve(eventId: number, requested: number | null): SetChoice {
    if (requested !== null) {
      // A set of another event (the screen still showed it after a switch) would send the rows
      // where nobody meant: refuse while this event's list says otherwise.
      if (this.known(eventId) && !this.list(eventId).some((s) => s.resultSetId === requested))
        throw new AppError('invalid-input', NOT_THIS_EVENTS_SET);
      return { resultSetId: requested, held: false };
    }
    if (!this.known(eventId)) return { resultSetId: null, held: true };
    const sets = this.list(eventId);
    if (sets.length > 1) return { resultSetId: null, held: true };
    return { resultSetId: sets[0]?.resultSetId ?? null, held: false };
  }

  /** Staff chose the set for the event's held rows: they go out to it. Returns how many. */
  assignHeld(eventId: number, resultSetId: number): number {
    return this.db.transaction(() => {
      if (!this.list(eventId).some((s) => s.resultSetId === resultSetId)) {
        throw new AppError('invalid-input', NOT_THIS_EVENTS_SET);
      }
      return this.release(eventId, resultSetId);
    })();
  }

  /** Held rows, per event. */
  heldByEvent(): Map<number, number> {
    const rows = this.db
      .prepare(
        `SELECT event_id, COUNT(*) AS n FROM result_entries
         WHERE race_id = ? AND state = 'queued' AND held = 1 GROUP BY event_id`,
      )
      .all(this.raceId) as Array<{ event_id: number; n: number }>;
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }

  private release(eventId: number, resultSetId: number | null): number {
    return this.db
      .prepare(
        `UPDATE result_entries SET held = 0, result_set_id = ?
         WHERE race_id = ? AND event_id = ? AND state = 'queued' AND held = 1`,
      )
      .run(resultSetId, this.raceId, eventId).changes;
  }
}
