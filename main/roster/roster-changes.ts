import type { Database } from 'better-sqlite3';

const versions = new WeakMap<Database, Map<number, number>>();

/**
 * A number that changes whenever a race's cached roster (its participants or events) changes,
 * whichever `RosterStore` wrote it: what is derived from the roster in memory is rebuilt when
 * it moves (see `CheckinStore.stats`).
 */
export function rosterVersion(db: Database, raceId: number): number {
  return versions.get(db)?.get(raceId) ?? 0;
}

/** Called by `RosterStore` after each write. */
export function rosterChanged(db: Database, raceId: number): void {
  let perRace = versions.get(db);
  if (!perRace) {
    perRace = new Map();
    versions.set(db, perRace);
  }
  perRace.set(raceId, (perRace.get(raceId) ?? 0) + 1);
}
