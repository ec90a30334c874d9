/**
 * The contract between the renderer and main (ARCHITECTURE.md "Process split").
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
  /** Rows saved and not yet confirmed by RunSignup (queued + sending). */
  waiting: number;
  sending: number;
  needsFix: number;
  sent: number;
  /** Why the queue is paused (bad key, no permission), or null. */
  pausedReason: string | null;
  /** When the flusher next tries (ms since epoch), or null when idle. */
  nextAttemptAt: number | null;
}

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
  kiosk: { enabled: boolean; locked: boolean };
  /** A problem the user must see (corrupt database set aside, bad settings). */
  notice: string | null;
}

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
  /** Which credential is stored. The secret itself never leaves main. */
  credentialKind: CredentialKind;
  pinSet: boolean;
}

export type SettingsPatch = Partial<
  Pick<PublicSettings, 'deviceName' | 'pollIntervalSec' | 'baseUrl' | 'eventIds' | 'startAtLogin'>
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
  allowsElevation: boolean;
  usesTally: boolean;
  /** In the local roster (0 until the roster is loaded). */
  participants: number;
}

export interface RaceSummary {
  raceId: number;
  name: string;
  events: EventSummary[];
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
  total: number;
  checkedIn: number;
}

export interface CheckinStats {
  /** Participants in the chosen events. */
  total: number;
  checkedIn: number;
  perEvent: EventCount[];
  /** Check-ins per 10 minutes, oldest first (bucket start in unix seconds). */
  buckets: Array<{ start: number; count: number }>;
  /** Check-ins in the last 15 minutes. */
  lastQuarterHour: number;
  /** Check-ins for registrations not (yet) in the roster. */
  unknown: number;
}

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
}

export interface ExportResult {
  path: string;
  rows: number;
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
  connect(input: { credentials: CredentialsInput; raceId: number }): Promise<RaceSummary>;
  /** Forgets the stored credentials (back to practice mode). */
  clearCredentials(input: { confirmUnsent: boolean }): Promise<PublicSettings>;
  /**
   * Switches the kiosk to a race and the events to show on Check-in (empty = all).
   * With unsent results it refuses (kind "unsent-results") unless `confirmUnsent` is true.
   */
  selectRace(input: { raceId: number; eventIds: number[]; confirmUnsent: boolean }): Promise<PublicSettings>;
  /** The connected race from the local cache (works offline). */
  getRace(): Promise<RaceSummary | null>;
  /** Practice mode on or off (on: the built-in simulated race). Same unsent-results rule. */
  setPractice(input: { on: boolean; confirmUnsent: boolean }): Promise<PublicSettings>;
  /** Practice mode's "simulate an outage" switch. */
  setOutage(on: boolean): Promise<AppStatus>;

  getFeed(): Promise<FeedSnapshot>;
  /** Bib (exact), registration id, or name prefix. */
  search(query: string): Promise<LookupResult>;
  notPickedUp(eventId: number): Promise<PersonHit[]>;
  exportNotPickedUp(eventId: number): Promise<ExportResult>;
}

/** Events main pushes to the renderer. */
export interface ApiEvents {
  status: AppStatus;
  checkins: FeedDelta;
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
  'getFeed',
  'search',
  'notPickedUp',
  'exportNotPickedUp',
] as const satisfies readonly RequestMethod[];
/** Every request method, once (checked against ApiRequests at compile time). */
export const REQUEST_METHODS: Exhaustive<typeof requestMethods, RequestMethod> = requestMethods;

const eventNames = ['status', 'checkins'] as const satisfies readonly EventName[];
export const EVENT_NAMES: Exhaustive<typeof eventNames, EventName> = eventNames;

export const requestChannel = (method: RequestMethod): string => `api:${method}`;
export const eventChannel = (event: EventName): string => `event:${event}`;
