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

// ── The request methods ───────────────────────────────────────────────────────

export interface ApiRequests {
  getStatus(): Promise<AppStatus>;
  getSettings(): Promise<PublicSettings>;
  updateSettings(patch: SettingsPatch): Promise<PublicSettings>;
}

/** Events main pushes to the renderer. */
export interface ApiEvents {
  status: AppStatus;
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
] as const satisfies readonly RequestMethod[];
/** Every request method, once (checked against ApiRequests at compile time). */
export const REQUEST_METHODS: Exhaustive<typeof requestMethods, RequestMethod> = requestMethods;

const eventNames = ['status'] as const satisfies readonly EventName[];
export const EVENT_NAMES: Exhaustive<typeof eventNames, EventName> = eventNames;

export const requestChannel = (method: RequestMethod): string => `api:${method}`;
export const eventChannel = (event: EventName): string => `event:${event}`;
