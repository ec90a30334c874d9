/**
 * The normalised RunSignup domain types the rest of the app sees: numbers as numbers, "T"/"F"
 * as booleans, dates read in the race's timezone, camelCase names.
 */
import type { RsuDateTime } from './wire-values';

export type { RsuDateTime } from './wire-values';

export interface RaceEvent {
  eventId: number;
  name: string;
  startTime: RsuDateTime | null;
  endTime: RsuDateTime | null;
  /** RunSignup's `event_type`, e.g. `running_race`, `virtual_race` (no official list). */
  eventType: string | null;
  /** `virtual_race` or `virtual_challenge`: only these take user-submitted results. */
  isVirtual: boolean;
  // No "allows elevation" or "uses tally": RunSignup sends no such field (docs/RUNSIGNUP.md §7).
  // Whether an event requires elevation is learnt from RunSignup's refusals or set by staff
  // (main/results/event-rules.ts).
}

export interface Race {
  raceId: number;
  name: string;
  /** The race's IANA timezone, when RunSignup gave a valid one. */
  timezone: string | null;
  events: RaceEvent[];
}

export interface Participant {
  registrationId: number;
  eventId: number;
  userId: number | null;
  bib: number | null;
  chipNum: string | null;
  firstName: string;
  middleName: string | null;
  lastName: string;
  age: number | null;
  gender: string | null;
  /** `YYYY-MM-DD` as RunSignup sends it. */
  dob: string | null;
  team: string | null;
  /** Unix seconds of the registration's last change (RunSignup's `last_modified`). */
  lastModified: number | null;
}

export interface RemovedParticipant {
  registrationId: number;
  /** The event the registration was removed from, when RunSignup says. */
  eventId: number | null;
  /** RunSignup's reason text (transfer, refund, deferral, …). */
  reason: string | null;
  /** The registration that replaced it (transfers), if any. */
  newRegistrationId: number | null;
  /** Unix seconds. */
  lastModifiedTs: number | null;
}

export interface CheckIn {
  registrationId: number;
  /** Unix seconds (whole seconds: many check-ins share one). */
  checkinTs: number;
}

export interface ResultSet {
  resultSetId: number;
  name: string | null;
}

/** What a v2 key belongs to (`/v2/auth-info/entity-info.json`). */
export interface EntityInfo {
  genericEntityId: number | null;
  /** e.g. `race`, `partner`. */
  entityType: string;
  entityName: string | null;
  /** For a race key, the race id. */
  entitySpecificId: number | null;
}

/** One row of `POST /race/:id/results/user-results`. */
export interface UserResultRow {
  registrationId: number;
  bib: number | null;
  /** `hhh:mm:ss.s`, or `DQ`, `DNS`, `DNF`, `DNQ`. */
  clockTime: string;
  /** `undefined` leaves the tally unchanged, `null` clears it, a number sets it. */
  tally?: number | null;
  /** Required when the event allows elevation; `undefined` = not sent. */
  elevationMm?: number | null;
}

/** RunSignup's receipt for one accepted row. */
export interface ResultReceipt {
  registrationId: number;
  bib: number | null;
  /** Unix seconds. */
  resultsReceivedTs: number | null;
  resultSetId: number | null;
  submittedTimeMs: number | null;
  elevationMm: number | null;
  /** Unix seconds, `null` while not approved. */
  approvalTs: number | null;
}
