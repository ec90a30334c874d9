import type { Database, Statement } from 'better-sqlite3';
import type { CheckinStats, FeedRow, PersonHit } from '../../preload/api';
import { rosterVersion } from '../roster/roster-changes';
import type { CheckIn } from '../runsignup/types';

const BUCKET_S = 600;
const QUARTER_HOUR_S = 900;
/** The chart covers at most the last day. */
const CHART_SPAN_S = 24 * 3600;

export interface MergeOutcome {
  /** The first download for this race (its rows are not "new arrivals"). */
  initial?: boolean;
  /** Registrations whose check-in is new or whose time changed. */
  changed: number[];
  /** Registrations whose check-in RunSignup no longer has (full reconciliation only). */
  removed: number[];
}

type FeedDbRow = {
  registration_id: number;
  checkin_ts: number;
  first_seen_at: number;
  bib: number | null;
  first_name: string | null;
  last_name: string | null;
  event_id: number | null;
  event_name: string | null;
};

const FEED_SELECT = `
  SELECT c.registration_id, c.checkin_ts, c.first_seen_at, p.bib, p.first_name, p.last_name, p.event_id, e.name AS event_name
  FROM checkins c
  LEFT JOIN participants p ON p.race_id = c.race_id AND p.registration_id = c.registration_id
  LEFT JOIN events e ON e.race_id = p.race_id AND e.event_id = p.event_id
  WHERE c.race_id = @race`;

const toFeedRow = (r: FeedDbRow): FeedRow => ({
  registrationId: r.registration_id,
  checkinTs: r.checkin_ts,
  seenAt: r.first_seen_at,
  bib: r.bib,
  name: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ''}`.trim(),
  eventId: r.event_id,
  eventName: r.event_name,
});

/** The local copy of RunSignup's check-ins for one race, de-duplicated by registration. */
export class CheckinStore {
  private readonly upsert: Statement;
  /** Prepared once: a name search asks it for each of up to 50 hits. */
  private readonly tsOf: Statement;
  /** Every check-in held (registration → unix seconds), read once and then kept by merge/reconcile. */
  private held: Map<number, number> | null = null;
  /** Who is in which event, read again only when the roster changed (see `rosterVersion`). */
  private rosterView: {
    version: number;
    eventOf: Map<number, number>;
    totals: Map<number, number>;
  } | null = null;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO checkins (race_id, registration_id, checkin_ts, first_seen_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (race_id, registration_id) DO UPDATE SET checkin_ts = excluded.checkin_ts
      WHERE checkins.checkin_ts <> excluded.checkin_ts`);
    this.tsOf = db
      .prepare('SELECT checkin_ts FROM checkins WHERE race_id = ? AND registration_id = ?')
      .pluck();
  }

  /** Adds what an incremental poll returned; overlapping rows change nothing. */
  merge(list: readonly CheckIn[], nowMs: number): MergeOutcome {
    const changed: number[] = [];
    const times: number[] = [];
    this.keepingHeld(() =>
      this.db.transaction(() => {
        for (const c of list) {
          if (this.upsert.run(this.raceId, c.registrationId, c.checkinTs, nowMs).changes > 0) {
            changed.push(c.registrationId);
            times.push(c.checkinTs);
          }
        }
      })(),
    );
    changed.forEach((id, i) => this.held?.set(id, times[i]!));
    return { changed, removed: [] };
  }

  /** Runs a write; if it fails, what is held in memory is read again from the database. */
  private keepingHeld(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.held = null;
      throw e;
    }
  }

  private heldCheckins(): Map<number, number> {
    if (this.held === null) {
      const rows = this.db
        .prepare('SELECT registration_id, checkin_ts FROM checkins WHERE race_id = ?')
        .raw()
        .all(this.raceId) as Array<[number, number]>;
      this.held = new Map(rows);
    }
    return this.held;
  }

  private currentRoster(): NonNullable<CheckinStore['rosterView']> {
    const version = rosterVersion(this.db, this.raceId);
    if (this.rosterView?.version !== version) {
      const rows = this.db
        .prepare('SELECT registration_id, event_id FROM participants WHERE race_id = ?')
        .raw()
        .all(this.raceId) as Array<[number, number]>;
      const totals = new Map<number, number>();
      for (const [, eventId] of rows) totals.set(eventId, (totals.get(eventId) ?? 0) + 1);
      this.rosterView = { version, eventOf: new Map(rows), totals };
    }
    return this.rosterView;
  }

  /** Makes the local set equal to RunSignup's complete set (late uploads, undone check-ins). */
  reconcile(all: readonly CheckIn[], nowMs: number): MergeOutcome {
    const keep = new Set(all.map((c) => c.registrationId));
    let outcome: MergeOutcome = { changed: [], removed: [] };
    this.keepingHeld(() =>
      this.db.transaction(() => {
        const merged = this.merge(all, nowMs);
        const local = this.db
          .prepare('SELECT registration_id FROM checkins WHERE race_id = ?')
          .pluck()
          .all(this.raceId) as number[];
        const removed = local.filter((id) => !keep.has(id));
        const drop = this.db.prepare(
          'DELETE FROM checkins WHERE race_id = ? AND registration_id = ?',
        );
        for (const id of removed) drop.run(this.raceId, id);
        outcome = { changed: merged.changed, removed };
      })(),
    );
    for (const id of outcome.removed) this.held?.delete(id);
    return outcome;
  }

  /** The newest check-in time held (unix seconds), or null when none. */
  maxTs(): number | null {
    const v = this.db
      .prepare('SELECT MAX(checkin_ts) FROM checkins WHERE race_id = ?')
      .pluck()
      .get(this.raceId);
    return typeof v === 'number' ? v : null;
  }

  count(): number {
    return Number(
      this.db.prepare('SELECT COUNT(*) FROM checkins WHERE race_id = ?').pluck().get(this.raceId),
    );
  }

  all(): CheckIn[] {
    return (
      this.db
        .prepare(
          'SELECT registration_id, checkin_ts FROM checkins WHERE race_id = ? ORDER BY checkin_ts, registration_id',
        )
        .all(this.raceId) as Array<{ registration_id: number; checkin_ts: number }>
    ).map((r) => ({ registrationId: r.registration_id, checkinTs: r.checkin_ts }));
  }

  checkinTsOf(registrationId: number): number | null {
    const v = this.tsOf.get(this.raceId, registrationId);
    return typeof v === 'number' ? v : null;
  }

  /** The feed, newest first. `eventIds` empty = every event (unknown registrations always show). */
  feed(eventIds: readonly number[]): FeedRow[] {
    const rows = this.db
      .prepare(`${FEED_SELECT} ORDER BY c.checkin_ts DESC, c.registration_id DESC`)
      .all({
        race: this.raceId,
      }) as FeedDbRow[];
    return filterEvents(rows.map(toFeedRow), this.shownEvents(eventIds));
  }

  /** Feed rows for some registrations (the delta pushed after a poll or a roster update). */
  feedRowsFor(registrationIds: readonly number[], eventIds: readonly number[]): FeedRow[] {
    if (registrationIds.length === 0) return [];
    const out: FeedRow[] = [];
    const stmt = this.db.prepare(`${FEED_SELECT} AND c.registration_id = @id`);
    for (const id of registrationIds) {
      const r = stmt.get({ race: this.raceId, id }) as FeedDbRow | undefined;
      if (r) out.push(toFeedRow(r));
    }
    return filterEvents(out, this.shownEvents(eventIds));
  }

  /** Registrations checked in that the roster does not know (to fill in when it catches up). */
  unknownRegistrations(): number[] {
    return this.db
      .prepare(
        `SELECT c.registration_id FROM checkins c
         LEFT JOIN participants p ON p.race_id = c.race_id AND p.registration_id = c.registration_id
         WHERE c.race_id = ? AND p.registration_id IS NULL`,
      )
      .pluck()
      .all(this.raceId) as number[];
  }

  /**
   * The events shown on Check-in: `eventIds` that belong to this race, or every event when none
   * does (empty, or chosen for another race: practice and the real race share the setting).
   */
  private shownEvents(eventIds: readonly number[]): Set<number> | null {
    if (eventIds.length === 0) return null;
    const mine = this.db
      .prepare(
        'SELECT event_id FROM events WHERE race_id = ? AND event_id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .all(this.raceId, JSON.stringify(eventIds)) as number[];
    return mine.length ? new Set(mine) : null;
  }

  /**
   * Counts for the shown events. The totals, the rate and the chart count in-person events only
   * (virtual runners never come to pickup), or every shown event when none is in person;
   * check-ins for registrations the roster does not know yet count too. Worked out in memory
   * from the check-ins held and the roster's event per registration (read again only after the
   * roster changed), so a poll's cost does not grow with the roster.
   */
  stats(eventIds: readonly number[], nowMs: number): CheckinStats {
    const events = this.db
      .prepare('SELECT event_id, name, is_virtual FROM events WHERE race_id = ? ORDER BY event_id')
      .all(this.raceId) as Array<{ event_id: number; name: string; is_virtual: number }>;
    const roster = this.currentRoster();
    const held = this.heldCheckins();
    const shown = this.shownEvents(eventIds);
    const perEventIds = events
      .filter((e) => shown === null || shown.has(e.event_id))
      .map((e) => e.event_id);
    const inPersonIds = new Set(
      events
        .filter((e) => perEventIds.includes(e.event_id) && e.is_virtual !== 1)
        .map((e) => e.event_id),
    );
    const counted = inPersonIds.size ? inPersonIds : new Set(perEventIds);

    const nowS = Math.floor(nowMs / 1000);
    let maxTs = -Infinity;
    for (const ts of held.values()) if (ts > maxTs) maxTs = ts;
    const chartEnd = Math.max(nowS, held.size ? maxTs : nowS);
    const chartStart = chartEnd - CHART_SPAN_S;
    const quarterStart = nowS - QUARTER_HOUR_S;
    const checkedInBy = new Map<number, number>();
    const bucketCounts = new Map<number, number>();
    let unknown = 0;
    let lastQuarterHour = 0;
    for (const [registrationId, ts] of held) {
      const eventId = roster.eventOf.get(registrationId);
      if (eventId === undefined) unknown += 1;
      else checkedInBy.set(eventId, (checkedInBy.get(eventId) ?? 0) + 1);
      if (eventId !== undefined && !counted.has(eventId)) continue;
      if (ts > chartStart) {
        const start = Math.floor(ts / BUCKET_S) * BUCKET_S;
        bucketCounts.set(start, (bucketCounts.get(start) ?? 0) + 1);
      }
      if (ts > quarterStart) lastQuarterHour += 1;
    }
    const perEvent = events
      .filter((e) => shown === null || shown.has(e.event_id))
      .map((e) => ({
        eventId: e.event_id,
        name: e.name,
        isVirtual: e.is_virtual === 1,
        total: roster.totals.get(e.event_id) ?? 0,
        checkedIn: checkedInBy.get(e.event_id) ?? 0,
      }));
    const inPerson = perEvent.filter((e) => counted.has(e.eventId));
    const bucketRows = [...bucketCounts]
      .map(([start, count]) => ({ start, count }))
      .sort((a, b) => a.start - b.start);
    return {
      total: inPerson.reduce((n, e) => n + e.total, 0),
      checkedIn: inPerson.reduce((n, e) => n + e.checkedIn, 0),
      perEvent,
      buckets: fillBuckets(bucketRows),
      lastQuarterHour,
      unknown,
    };
  }

  /** Who in an event has not picked up yet. */
  notPickedUp(eventId: number): PersonHit[] {
    const rows = this.db
      .prepare(
        `SELECT p.registration_id, p.bib, p.first_name, p.last_name, p.event_id, e.name AS event_name, p.age, p.gender, p.team
         FROM participants p
         LEFT JOIN events e ON e.race_id = p.race_id AND e.event_id = p.event_id
         LEFT JOIN checkins c ON c.race_id = p.race_id AND c.registration_id = p.registration_id
         WHERE p.race_id = ? AND p.event_id = ? AND c.registration_id IS NULL
         ORDER BY p.bib IS NULL, p.bib, p.last_name`,
      )
      .all(this.raceId, eventId) as Array<{
      registration_id: number;
      bib: number | null;
      first_name: string;
      last_name: string;
      event_id: number;
      event_name: string | null;
      age: number | null;
      gender: string | null;
      team: string | null;
    }>;
    return rows.map((r) => ({
      registrationId: r.registration_id,
      bib: r.bib,
      name: `${r.first_name} ${r.last_name}`.trim(),
      eventId: r.event_id,
      eventName: r.event_name,
      age: r.age,
      gender: r.gender,
      team: r.team,
      checkinTs: null,
    }));
  }
}

function filterEvents(rows: FeedRow[], shown: Set<number> | null): FeedRow[] {
  if (shown === null) return rows;
  return rows.filter((r) => r.eventId === null || shown.has(r.eventId));
}

/** Adds the empty 10-minute buckets between the first and the last, so the chart has no gaps. */
function fillBuckets(
  rows: Array<{ start: number; count: number }>,
): Array<{ start: number; count: number }> {
  if (rows.length === 0) return [];
  const byStart = new Map(rows.map((r) => [r.start, r.count]));
  const out: Array<{ start: number; count: number }> = [];
  for (let t = rows[0]!.start; t <= rows[rows.length - 1]!.start; t += BUCKET_S)
    out.push({ start: t, count: byStart.get(t) ?? 0 });
  return out;
}
