/** The simulated race's records, as the simulator keeps them (types only). */

export type SimEventType = 'running_race' | 'virtual_race' | 'virtual_challenge';

export interface SimEvent {
  eventId: number;
  /** 0 = this year's event; 1 = last year's copy, 2 = the year before (`scenario.pastYears`). */
  year: number;
  raceEventDaysId: number;
  name: string;
  eventType: SimEventType;
  /**
   * Virtual events that take elevation gain require `elevation_gain_in_mm` on every result.
   * Known only to the simulator: RunSignup's race answer has no such field.
   */
  allowElevation: boolean;
  usesTally: boolean;
  distance: string | null;
  /** Unix seconds. */
  startTs: number;
  endTs: number;
  registrationOpensTs: number;
}

export interface SimAddress {
  street: string;
  city: string;
  state: string;
  zipcode: string;
  country_code: string;
}

/** `user` as RunSignup sends it inside a participant. */
export interface SimUser {
  user_id: number;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  email: string | null;
  address: SimAddress;
  dob: string;
  gender: string;
  phone: string | null;
}

export interface SimParticipant {
  user: SimUser;
  registration_id: number;
  event_id: number;
  bib_num: number | null;
  chip_num: string | null;
  age: number;
  /** Unix seconds; sent as `registration_date` in `M/D/YYYY HH:mm`. */
  registration_ts: number;
  team_id: number | null;
  team_name: string | null;
  /** Unix seconds. */
  last_modified: number;
}

/** The reasons RunSignup documents for a removed registration (docs/RUNSIGNUP.md §7). */
export type RemovedReason = 'cleared' | 'removed' | 'transferred' | 'deferred';

export interface SimRemovedParticipant {
  registration_id: number;
  event_id: number;
  user: SimUser;
  bib_num: number | null;
  removed_reason: RemovedReason;
  /** Set for transfers: the registration that replaced this one. */
  new_registration_id: number | null;
  last_modified_ts: number;
}

export interface SimResultSet {
  individual_result_set_id: number;
  individual_result_set_name: string;
  event_id: number;
  created_ts: number;
}

export interface CheckinRow {
  registration_id: number;
  checkin_ts: number;
}

/** One registration's result in one result set, as the last accepted post left it. */
export interface StoredResult {
  event_id: number;
  registration_id: number;
  bib_num: number | null;
  /** As submitted: `hhh:mm:ss.s` or DQ / DNS / DNF / DNQ. */
  clock_time: string;
  tally_value: number | null;
  elevation_gain_in_mm: number | null;
  individual_result_set_id: number;
  results_received_ts: number;
  submitted_time_in_ms: number | null;
  result_approval_ts: number | null;
  /** Sequence number of the accepted post that wrote this row (increases with every post). */
  version: number;
}
