/**
 * The contract between the renderer and main (docs/ARCHITECTURE.md "Process split").
 * Types and constants only: no runtime import of electron. main implements `ApiRequests`,
 * the preload exposes `Api` on `window.api`, the renderer declares `window.api: Api`.
 */

export type Unsubscribe = () => void;

export type CredentialKind = 'none' | 'v1' | 'v2' | 'oauth';

/** What a failed request tells the renderer. `kind` is what callers branch on. */
export type ApiFailureKind =
  | 'invalid-input'
  | 'transient'
  | 'throttled'
  | 'needs-user'
  | 'permanent'
  | 'malformed'
  | 'not-ready'
  | 'locked'
  | 'unsent-results'
  /** A step that cannot be undone: ask the person, then call again with the confirmation. */
  | 'needs-confirmation'
  | 'internal';

export interface ApiFailure {
  kind: ApiFailureKind;
  message: string;
}

/** Every request answers with this envelope over the wire; the preload unwraps it. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

// ── Status ────────────────────────────────────────────────────────────────────

export interface Connectivity {
  online: boolean;
  /** When the current state began (ms since epoch). */
  since: number;
  lastError: string | null;
}

export interface QueueSummary {
  /** Rows saved and not yet confirmed by RunSignup (queued + sending; held rows not included). */
  waiting: number;
  /** Rows held until their event's result set is known or chosen (not sent until then). */
  held: number;
  sending: number;
  needsFix: number;
  sent: number;
  /** Why the queue is paused (bad key, no permission), or null. */
  pausedReason: string | null;
  /** When the flusher next tries (ms since epoch), or null when idle. */
  nextAttemptAt: number | null;
}

/** A queue with nothing in it. */
/** An admin PIN's length in digits: every PIN box and the digit pad take the longest. */
export const PIN_DIGITS = Object.freeze({ min: 6, max: 12 });

export const EMPTY_QUEUE: QueueSummary = Object.freeze({
  waiting: 0,
  held: 0,
  sending: 0,
  needsFix: 0,
  sent: 0,
  pausedReason: null,
  nextAttemptAt: null,
});

export interface RosterProgress {
  phase: 'loading' | 'done' | 'failed';
  pagesDone: number;
  participantsLoaded: number;
  /** Participants per second so far. */
  rate: number;
  /** Estimated seconds left, when known. */
  secondsLeft: number | null;
  message: string | null;
}

export interface AppStatus {
  version: string;
  practice: boolean;
  /** Practice mode's "simulate an outage" switch. */
  outage: boolean;
  connectivity: Connectivity;
  /** Last successful check-in poll (ms since epoch). */
  lastSyncAt: number | null;
  queue: QueueSummary;
  race: { raceId: number; name: string } | null;
  roster: RosterProgress | null;
  kiosk: {
    enabled: boolean;
    locked: boolean;
    pinSet: boolean;
    startAtLogin: boolean;
    /** Wrong PINs the pad still takes before it locks for a minute. */
    triesLeft: number;
    /** While the pad is locked after too many wrong PINs: when it unlocks (ms since epoch). */
    padLockedUntil: number | null;
  };
  /** A problem the user must see (corrupt database set aside, bad settings). */
  notice: string | null;
  /** Why the latest check-in or roster update failed while RunSignup answered (bad answer, no permission…), or null. */
  syncProblem: string | null;
  /**
   * Rows RunSignup sent for this race that could not be read (a participant without
   * registration_id, a check-in without checkin_ts…): skipped, each counted once.
   */
  unreadableRows: number;
  /**
   * Where the API caller registration real calls carry comes from (docs/RUNSIGNUP.md §7):
   * Settings, built into the installer, or none (a warning: RunSignup refuses unregistered
   * callers from 2027-01-01).
   */
  callerRegistration: CallerRegistrationSource;
}

export type CallerRegistrationSource = 'settings' | 'built-in' | 'none';

// ── Settings ──────────────────────────────────────────────────────────────────

export interface PublicSettings {
  raceId: number | null;
  raceName: string | null;
  /** Events shown on the Check-in screen; empty = all. */
  eventIds: number[];
  deviceName: string;
  pollIntervalSec: number;
  kiosk: boolean;
  baseUrl: string;
  practice: boolean;
  startAtLogin: boolean;
  /** Look for, download and (at quit) install updates of the app. */
  autoUpdate: boolean;
  /** An admin allows installing an update in kiosk mode or on a race day. */
  updateDuringRaceDay: boolean;
  /** Which credential is stored. The secret itself never leaves main. */
  credentialKind: CredentialKind;
  /** The credential storage is weak here (Linux without a keyring), in words; else null. */
  keychainWarning: string | null;
  /** The API caller registration in use: its id and where it comes from (never its secret). */
  callerRegistration: { source: CallerRegistrationSource; regId: string | null };
  pinSet: boolean;
}

export type SettingsPatch = Partial<
  Pick<
    PublicSettings,
    | 'deviceName'
    | 'pollIntervalSec'
    | 'baseUrl'
    | 'eventIds'
    | 'startAtLogin'
    | 'autoUpdate'
    | 'updateDuringRaceDay'
  >
>;

export type CredentialsInput =
  | { kind: 'v1'; apiKey: string; apiSecret: string }
  | { kind: 'v2'; apiKey: string; apiSecret: string; superPartner?: boolean }
  | { kind: 'oauth'; accessToken: string };

// ── Race set-up ───────────────────────────────────────────────────────────────

export interface EventSummary {
  eventId: number;
  name: string;
  /** Takes user-submitted results (virtual_race / virtual_challenge). */
  isVirtual: boolean;
  /** In the local roster (0 until the roster is loaded, and for events not chosen). */
  participants: number;
  /** Local start `YYYY-MM-DDTHH:mm` in the race's timezone (its date is the event's day), or null. */
  startTime: string | null;
}

export interface RaceSummary {
  raceId: number;
  name: string;
  /** Every event RunSignup lists for the race, past years included. */
  events: EventSummary[];
  /** The events in use (Settings' choice, else the default). */
  chosenEventIds: number[];
  /** The race's current or next event day: what "no choice" means. */
  defaultEventIds: number[];
}

// ── Check-in feed ─────────────────────────────────────────────────────────────

export interface FeedRow {
  registrationId: number;
  /** Unix seconds. */
  checkinTs: number;
  /** When this kiosk first saw it (ms since epoch): drives the "new" highlight. */
  seenAt: number;
  bib: number | null;
  /** null: the registration is not in the roster yet (it is filled in when the roster catches up). */
  name: string | null;
  eventId: number | null;
  eventName: string | null;
}

export interface EventCount {
  eventId: number;
  name: string;
  /** A virtual event: its runners never come to pickup, so it is counted apart. */
  isVirtual: boolean;
  total: number;
  checkedIn: number;
}

export interface CheckinStats {
  /** Participants in the chosen in-person events (all chosen events when none is in person). */
  total: number;
  checkedIn: number;
  perEvent: EventCount[];
  /** Check-ins per 10 minutes, oldest first (bucket start in unix seconds). */
  buckets: Array<{ start: number; count: number }>;
  /** Check-ins in the last 15 minutes (in the counted events, as `total`). */
  lastQuarterHour: number;
  /** Check-ins for registrations not (yet) in the roster. */
  unknown: number;
}

/** The counts before anything is known. */
export const EMPTY_CHECKIN_STATS: CheckinStats = Object.freeze({
  total: 0,
  checkedIn: 0,
  perEvent: [],
  buckets: [],
  lastQuarterHour: 0,
  unknown: 0,
});

export interface FeedSnapshot {
  rows: FeedRow[];
  stats: CheckinStats;
}

export interface FeedDelta {
  /** true: `rows` is the whole feed (after a roster load or a race switch), replacing what is held. */
  reset: boolean;
  /** New or changed rows (a late name, a corrected time), or the whole feed when `reset`. */
  rows: FeedRow[];
  /** Registrations whose check-in RunSignup no longer has. */
  removed: number[];
  stats: CheckinStats;
}

export interface PersonHit {
  registrationId: number;
  bib: number | null;
  name: string;
  eventId: number;
  eventName: string | null;
  age: number | null;
  gender: string | null;
  team: string | null;
  /** Unix seconds, or null: not checked in. */
  checkinTs: number | null;
}

export interface LookupResult {
  query: string;
  matchedBy: 'bib' | 'registration' | 'name' | null;
  hits: PersonHit[];
  /** A check-in RunSignup has for a registration the roster does not know yet. */
  unknownCheckin: { registrationId: number; checkinTs: number } | null;
  /** How many runners match (a name search shows at most 50 of them in `hits`). */
  matches: number;
}

export interface ExportResult {
  path: string;
  rows: number;
}

// ── Results (virtual events) ──────────────────────────────────────────────────

export interface ResultEvent {
  eventId: number;
  name: string;
  /**
   * Every row must carry elevation gain: learnt from RunSignup refusing a row without it
   * ('runsignup') or set by staff ('staff'). Otherwise elevation and tally are optional.
   */
  elevationRequired: boolean;
  elevationRequiredBy: 'runsignup' | 'staff' | null;
  participants: number;
  /** The event's result sets were downloaded (the list may be empty). */
  setsKnown: boolean;
  /** Rows of this event held until a result set is known or chosen. */
  held: number;
}

export interface ResultSetInfo {
  resultSetId: number;
  name: string | null;
}

/** One row as typed or pasted: text, checked by main. */
export interface DraftRow {
  bib?: string;
  registrationId?: string;
  clockTime?: string;
  tally?: string;
  elevation?: string;
  /** Save it even though the runner already has a result in this event (it replaces that one). */
  replace?: boolean;
}

/** A result a runner already has in an event (queued, sending, sent or needing a fix). */
export interface ExistingResult {
  entryId: number;
  clockTime: string;
  state: EntryState;
  /** When RunSignup took it (ms since epoch), or null while it is not sent. */
  sentAt: number | null;
}

export interface CheckedRow {
  line: number;
  status: 'valid' | 'invalid';
  name: string | null;
  registrationId: number | null;
  bib: number | null;
  /** Normalised, when valid. */
  clockTime: string | null;
  errors: string[];
  warnings: string[];
  /** A later row for the same runner replaces this one (last wins). */
  supersededBy: number | null;
  /** The row's fields as typed or pasted, before checking. */
  raw: DraftRow;
  /**
   * The runner already has this result in the event: the row is saved (replacing it) only
   * with `replace`; without, commits hold it back in `rejected`.
   */
  existing: ExistingResult | null;
}

export interface ImportPreview {
  rows: CheckedRow[];
  valid: number;
  invalid: number;
  warnings: number;
  superseded: number;
  /** The whole file could not be read (wrong format, empty, binary). */
  error: string | null;
  /** Notes about the file (ignored columns…). */
  notes: string[];
  headerDetected: boolean;
}

export interface CommitOutcome {
  committed: number;
  /** Rows that were not committed, with the reason (or the result their runner already has). */
  rejected: CheckedRow[];
}

export type EntryState = 'queued' | 'sending' | 'sent' | 'needs_fix' | 'superseded' | 'deleted';

/** One result entry as the screens see it (main keeps it as `StoredEntry`, main/results/entry-row.ts). */
export interface EntryView {
  id: number;
  eventId: number;
  /** The result set asked for; null lets RunSignup use the event's set (or create one). */
  resultSetId: number | null;
  registrationId: number;
  bib: number | null;
  name: string;
  /** `HH:MM:SS[.s]` or DQ/DNS/DNF/DNQ. */
  clockTime: string;
  /** absent: RunSignup's tally is left as it is; clear: emptied; set: `tally`. */
  tallyMode: 'absent' | 'clear' | 'set';
  tally: number | null;
  elevationMm: number | null;
  /** keyboard, paste, csv, or edit (a correction of an earlier entry). */
  source: string;
  device: string;
  /** When it was typed (ms since the epoch). */
  enteredAt: number;
  state: EntryState;
  /** Sends tried so far. */
  attempts: number;
  /** A queued entry waits until then (ms since the epoch) after a failed send. */
  nextAttemptAt: number | null;
  /** RunSignup's message for a row that needs a fix, or the last failure. */
  lastError: string | null;
  sentAt: number | null;
  /** RunSignup's receipt, once sent. */
  receipt: {
    /** Unix seconds (`results_received_ts`). */
    receivedTs: number | null;
    /** `submitted_time_in_ms`. */
    submittedMs: number | null;
    /** `individual_result_set_id`: the set RunSignup stored the result in. */
    resultSetId: number | null;
    /** RunSignup stored it (no error) but its receipt could not be read: the fields above are null. */
    unreadable: boolean;
  } | null;
  /** Queued, but held until its result set is known or chosen. */
  held: boolean;
  /** needs_fix because RunSignup gave the same failure 5 tries in a row (set aside). */
  setAside: boolean;
}

export interface EntryList {
  entries: EntryView[];
  total: number;
}

// ── The request methods ───────────────────────────────────────────────────────

export interface ApiRequests {
  getStatus(): Promise<AppStatus>;
  getSettings(): Promise<PublicSettings>;
  updateSettings(patch: SettingsPatch): Promise<PublicSettings>;

  /**
   * Checks credentials against a race at RunSignup; when RunSignup accepts them they are
   * stored and the race's events are returned (the kiosk switches with `selectRace`).
   */
  connect(input: {
    credentials: CredentialsInput;
    raceId: number;
    /** A new API caller registration, checked with the key and saved only if RunSignup accepts it. */
    callerRegistration?: { regId: string; secret: string };
  }): Promise<RaceSummary>;
  /** Forgets the stored credentials (back to practice mode). */
  clearCredentials(input: { confirmUnsent: boolean }): Promise<PublicSettings>;
  /**
   * Switches the kiosk to a race and the events to show on Check-in (empty = all).
   * With unsent results it refuses (kind "unsent-results") unless `confirmUnsent` is true.
   */
  selectRace(input: {
    raceId: number;
    eventIds: number[];
    confirmUnsent: boolean;
  }): Promise<PublicSettings>;
  /** The connected race from the local cache (works offline). */
  getRace(): Promise<RaceSummary | null>;
  /** Practice mode on or off (on: the built-in simulated race). Same unsent-results rule. */
  setPractice(input: { on: boolean; confirmUnsent: boolean }): Promise<PublicSettings>;
  /**
   * Resets the kiosk for another race: unsent results are exported to CSV first (one file per
   * race), then the credentials, the local race data and the race settings are forgotten and the
   * practice race starts. With unsent results it refuses (kind "unsent-results") unless confirmed.
   * It always needs `confirmReset` (else kind "needs-confirmation"), and in kiosk mode the admin
   * `pin` too (else kind "locked"). The export comes first: when it fails or is cancelled,
   * nothing was stopped or forgotten.
   */
  resetKiosk(input: {
    confirmUnsent: boolean;
    confirmReset: boolean;
    pin?: string;
  }): Promise<{ exported: ExportResult[] }>;
  /** Practice mode's "simulate an outage" switch. */
  setOutage(on: boolean): Promise<AppStatus>;

  getFeed(): Promise<FeedSnapshot>;
  /** Bib (exact), registration id, or name prefix. */
  search(query: string): Promise<LookupResult>;
  notPickedUp(eventId: number): Promise<PersonHit[]>;
  exportNotPickedUp(eventId: number): Promise<ExportResult>;

  /** Turns kiosk mode on; the first time, `pin` becomes the admin PIN (PIN_DIGITS). */
  enableKiosk(input: { pin: string }): Promise<AppStatus>;
  /** Leaves kiosk mode (needs the admin PIN). */
  disableKiosk(input: { pin: string }): Promise<AppStatus>;
  /** Opens Settings in kiosk mode for ten minutes (needs the admin PIN). */
  unlockSettings(input: { pin: string }): Promise<AppStatus>;
  lockSettings(): Promise<AppStatus>;

  /** The race's virtual events (the only ones that take submitted results). */
  getResultEvents(): Promise<ResultEvent[]>;
  /**
   * RunSignup's result sets for an event (the list downloaded with the roster when offline;
   * `known` false: never downloaded, so rows typed now are held until it is).
   */
  getResultSets(
    eventId: number,
  ): Promise<{ sets: ResultSetInfo[]; fromCache: boolean; known: boolean }>;
  /** Staff mark an event as requiring elevation gain, or take the mark off. */
  setElevationRequired(input: { eventId: number; required: boolean }): Promise<ResultEvent[]>;
  /** Sends the event's held rows to the result set staff chose. Answers how many went. */
  sendHeldResults(input: { eventId: number; resultSetId: number }): Promise<{ released: number }>;
  /** Checks one typed row against the roster (the name appears as the bib is typed). */
  checkRow(input: { eventId: number; row: DraftRow }): Promise<CheckedRow>;
  /** Pasted text or a CSV file → a preview with a verdict per row. Nothing is saved. */
  previewResults(input: { eventId: number; text: string }): Promise<ImportPreview>;
  /** Saves the valid rows in one transaction and queues them for sending. */
  commitResults(input: {
    eventId: number;
    resultSetId: number | null;
    rows: DraftRow[];
    source: 'keyboard' | 'paste' | 'csv';
  }): Promise<CommitOutcome>;
  /** Parses the pasted text or file again and saves its valid rows in one transaction. */
  commitImport(input: {
    eventId: number;
    resultSetId: number | null;
    text: string;
    source: 'paste' | 'csv';
  }): Promise<CommitOutcome>;
  listEntries(input: {
    view: 'queue' | 'history';
    eventId: number | null;
    search: string;
    limit: number;
    offset: number;
  }): Promise<EntryList>;
  /** Corrects a queued or needs-fix row (a new version replaces it and is sent). */
  editEntry(input: { id: number; row: DraftRow }): Promise<EntryView>;
  /** Removes a queued or needs-fix row before it is sent. */
  deleteEntry(id: number): Promise<EntryView>;
  /** Tries sending again after the queue paused (new credentials, permission fixed). */
  resumeSending(): Promise<QueueSummary>;
  exportEntries(view: 'queue' | 'history'): Promise<ExportResult>;
  /**
   * CSV files in the kiosk's import folder. In kiosk mode imports come from there (an OS file
   * dialog is a way out of a kiosk), as exports go to a fixed folder.
   */
  listImportFiles(): Promise<{ folder: string; files: string[] }>;
  /** The text of one file of `listImportFiles` (by name), for `previewResults`. */
  readImportFile(name: string): Promise<string>;
}

/** Events main pushes to the renderer. */
export interface ApiEvents {
  status: AppStatus;
  checkins: FeedDelta;
  /** Result rows changed state (saved, sent, parked…): lists refresh. */
  results: QueueSummary;
}

export type EventName = keyof ApiEvents;
export type RequestMethod = keyof ApiRequests;

export type Api = ApiRequests & {
  /** Subscribe to a main→renderer event; call the result to stop listening. */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
};

type Exhaustive<T extends readonly string[], K extends string> = [K] extends [T[number]]
  ? T
  : { missing: Exclude<K, T[number]> };

const requestMethods = [
  'getStatus',
  'getSettings',
  'updateSettings',
  'connect',
  'clearCredentials',
  'selectRace',
  'getRace',
  'setPractice',
  'setOutage',
  'resetKiosk',
  'getFeed',
  'search',
  'notPickedUp',
  'exportNotPickedUp',
  'enableKiosk',
  'disableKiosk',
  'unlockSettings',
  'lockSettings',
  'getResultEvents',
  'getResultSets',
  'setElevationRequired',
  'sendHeldResults',
  'checkRow',
  'previewResults',
  'commitResults',
  'commitImport',
  'listEntries',
  'editEntry',
  'deleteEntry',
  'resumeSending',
  'exportEntries',
  'listImportFiles',
  'readImportFile',
] as const satisfies readonly RequestMethod[];
/** Every request method, once (checked against ApiRequests at compile time). */
export const REQUEST_METHODS: Exhaustive<typeof requestMethods, RequestMethod> = requestMethods;

const eventNames = ['status', 'checkins', 'results'] as const satisfies readonly EventName[];
export const EVENT_NAMES: Exhaustive<typeof eventNames, EventName> = eventNames;

export const requestChannel = (method: RequestMethod): string => `api:${method}`;
export const eventChannel = (event: EventName): string => `event:${event}`;
