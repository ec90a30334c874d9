import type { CheckinRow } from './race-data';

function compareCheckins(a: CheckinRow, b: CheckinRow): number {
  return a.checkin_ts - b.checkin_ts || a.registration_id - b.registration_id;
}

/**
 * The race's check-ins in feed order, (checkin_ts, registration_id), as RunSignup pages them
 * (docs/RUNSIGNUP.md §1): at most one per registration, found by binary search.
 */
export class CheckinLog {
  /** Sorted by (checkin_ts, registration_id). */
  private readonly rows: CheckinRow[] = [];
  private readonly tsOf = new Map<number, number>();

  constructor(initial: readonly CheckinRow[] = []) {
    for (const c of [...initial].sort(compareCheckins)) {
      this.tsOf.set(c.registration_id, c.checkin_ts);
      this.rows.push({ ...c });
    }
  }

  has(registrationId: number): boolean {
    return this.tsOf.has(registrationId);
  }

  /** Checks `registrationId` in at `ts` (unix seconds); checked in again, it moves to the new time. */
  record(registrationId: number, ts: number): void {
    this.remove(registrationId);
    const row = { registration_id: registrationId, checkin_ts: Math.floor(ts) };
    this.rows.splice(this.position(row), 0, row);
    this.tsOf.set(registrationId, row.checkin_ts);
  }

  remove(registrationId: number): void {
    const ts = this.tsOf.get(registrationId);
    if (ts === undefined) return;
    this.rows.splice(this.position({ registration_id: registrationId, checkin_ts: ts }), 1);
    this.tsOf.delete(registrationId);
  }

  /** Check-ins with min <= checkin_ts <= max, in feed order, from `offset`, at most `limit`. */
  page(min: number, max: number, offset: number, limit: number): CheckinRow[] {
    const from = this.position({ checkin_ts: min, registration_id: -Infinity });
    const to = this.position({ checkin_ts: max, registration_id: Infinity });
    const start = from + offset;
    return start >= to
      ? []
      : this.rows.slice(start, Math.min(to, start + limit)).map((r) => ({ ...r }));
  }

  all(): CheckinRow[] {
    return this.rows.map((r) => ({ ...r }));
  }

  private position(row: CheckinRow): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCheckins(this.rows[mid] as CheckinRow, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
