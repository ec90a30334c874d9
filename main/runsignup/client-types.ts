/**
 * What the RunSignup client is set up with, what its paged reads take and give back, and
 * RunSignup's page size limits (docs/RUNSIGNUP.md §1, §3). The calls are in client.ts.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logging';
import type { RetryPolicy } from './backoff';
import type { CallLimiter, CallPriority } from './call-limiter';
import type { CallerRegistration } from './caller-registration';
import type { Credentials } from './credentials';
import type { RequestOutcome } from './http';
import type { UnreadableRow } from './row-reading';
import type { CheckIn, Participant } from './types';

/** RunSignup's page size limits. */
export const MAX_PARTICIPANTS_PER_PAGE = 2500;
export const MAX_CHECKINS_PER_PAGE = 1250;

/** A page size RunSignup accepts: a whole number from 1 to `max`. */
export function clampPageSize(n: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(n)));
}

export interface RunSignupClientOptions {
  /** Includes `/rest`, e.g. `https://runsignup.com/rest`. */
  baseUrl: string;
  /** Read before every request, so new credentials apply at once. */
  getCredentials: () => Credentials | null;
  fetch?: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** Names the app and its version, e.g. `RaceDayKiosk/0.1.0`. */
  userAgent: string;
  /** Per try, including reading the body. Default 15 s. */
  timeoutMs?: number;
  /** GETs only; POSTs are never retried here. */
  retry?: RetryPolicy;
  /** Told the outcome of every try (feed it to the ConnectivityMonitor). */
  onOutcome?: (outcome: RequestOutcome) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** The kiosk's one limiter (at most 2 calls at once across all its clients; call-limiter.ts). */
  limiter?: CallLimiter;
  /** The app's API caller registration, read before every request (caller-registration.ts). */
  getCallerRegistration?: () => CallerRegistration | null;
  /**
   * Told of rows RunSignup sent that could not be read (skipped, never failing their page;
   * see row-reading.ts). They are logged here in any case.
   */
  onUnreadableRows?: (rows: UnreadableRow[]) => void;
}

export interface ParticipantsQuery {
  raceId: number;
  eventIds: readonly number[];
  /** Unix seconds: rows modified on or after (RunSignup is not exact: overlap and de-duplicate). */
  modifiedAfter?: number;
  /** Default `registration_id ASC` (what makes paging safe, see paging.ts). */
  sort?: string;
}

export interface ParticipantsPage {
  participants: Participant[];
  /** The events together did not fill the page, so there is nothing after it. */
  done: boolean;
  /** Rows RunSignup sent on this page, unreadable ones included (they count for paging). */
  rowsOnPage: number;
}

/** One page of `GET /v2/participants/checkin-timestamps.json` (bounds inclusive, unix seconds). */
export interface CheckinsQuery {
  raceId: number;
  minTs?: number;
  maxTs?: number;
  page: number;
  num: number;
  priority?: CallPriority;
}

export interface CheckinsSince {
  /** Sorted by (checkinTs, registrationId), one row per registration. */
  checkins: CheckIn[];
  /** The pinned upper bound of this walk (unix seconds): start the next walk at or before it. */
  untilTs: number;
}
