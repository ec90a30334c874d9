/**
 * What the kiosk knows about a virtual event's result rules, per race and event (migration 4).
 *
 * RunSignup has no field saying whether an event takes elevation gain or a tally
 * (docs/RUNSIGNUP.md §7): it requires elevation where the event allows it, ignores it elsewhere,
 * and changes a tally only when one is sent. So the grid always offers both as optional, and an
 * event becomes "elevation required" when RunSignup refuses a row for lacking it (set_by
 * 'runsignup') or when staff say so (set_by 'staff'). Staff can also take the mark off.
 */
import type { Database, Statement } from 'better-sqlite3';

export type RuleSource = 'runsignup' | 'staff';

export interface ElevationRule {
  required: boolean;
  /** Who set it; null when nobody has (then elevation is optional). */
  setBy: RuleSource | null;
}

export class EventRules {
  private readonly getStmt: Statement;
  private readonly setStmt: Statement;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {
    this.getStmt = db.prepare(
      'SELECT elevation_required, set_by FROM event_rules WHERE race_id = ? AND event_id = ?',
    );
    this.setStmt = db.prepare(
      `INSERT INTO event_rules (race_id, event_id, elevation_required, set_by, updated_at)
       VALUES (@race, @event, @required, @setBy, @now)
       ON CONFLICT (race_id, event_id) DO UPDATE SET elevation_required = excluded.elevation_required,
         set_by = excluded.set_by, updated_at = excluded.updated_at`,
    );
  }

  elevation(eventId: number): ElevationRule {
    const row = this.getStmt.get(this.raceId, eventId) as
      { elevation_required: number; set_by: RuleSource } | undefined;
    return row
      ? { required: row.elevation_required === 1, setBy: row.set_by }
      : { required: false, setBy: null };
  }

  setElevationRequired(eventId: number, required: boolean, setBy: RuleSource, now: number): void {
    this.setStmt.run({
      race: this.raceId,
      event: eventId,
      required: required ? 1 : 0,
      setBy,
      now,
    });
  }
}
