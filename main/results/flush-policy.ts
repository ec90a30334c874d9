/**
 * How the flusher paces itself: how many entries go in one POST, how long it waits after a
 * failure, and when a batch that keeps failing the same way is set aside
 * (docs/ARCHITECTURE.md "Rules for the queue", rule 5).
 */
import { backoffMs, THROTTLE_FACTOR } from '../runsignup/backoff';
import { ApiError, isApiError } from '../runsignup/errors';
import { isRunSignupsOwnAnswer } from '../runsignup/error-parsing';

/**
 * Entries per POST. RunSignup documents no limit, so the size trades round trips against the
 * cost of one request going wrong:
 * - a row is ~120 bytes of JSON (~200 form-encoded): 100 rows ≈ 20 KB, far from any body limit;
 * - RunSignup writes every row server-side; a few hundred rows could approach the client's
 *   15 s timeout, and a timed-out POST is ambiguous (sent again, harmless but slow);
 * - a bad row costs about 2·log2(n) extra requests to isolate (≈ 14 for 100);
 * - a failure (timeout, throttle) re-sends at most this many rows.
 * 100 sends the largest realistic paste (a few thousand rows) in tens of requests.
 */
export const RESULT_BATCH_SIZE = 100;

/** Identical failures in a row before a batch is set aside. */
export const SET_ASIDE_AFTER = 5;

export interface FlushBackoff {
  /** The first wait after a failure; it doubles with each failure in a row. */
  baseMs: number;
  /** No wait is longer (except a longer Retry-After, honoured up to `maxRetryAfterMs`). */
  maxMs: number;
  /** Throttled waits start this many times longer (default THROTTLE_FACTOR = 4). */
  throttleFactor?: number;
  /** The longest Retry-After believed (default 1 hour). */
  maxRetryAfterMs?: number;
}

/** 2 s, 4 s, 8 s … 5 min (with jitter). */
export const DEFAULT_FLUSH_BACKOFF: FlushBackoff = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** Any failure as an ApiError; one the client did not classify is taken as transient. */
export function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError('transient', `Sending results failed unexpectedly: ${message}`);
}

/**
 * The wait after the `failures`-th failure in a row: exponential with jitter, capped; a
 * throttle waits longer and honours Retry-After.
 */
export function waitAfter(
  error: ApiError,
  failures: number,
  backoff: FlushBackoff,
  random: () => number,
): number {
  const { baseMs, maxMs } = backoff;
  const policy = { attempts: Infinity, baseMs, maxMs };
  if (error.kind !== 'throttled') return backoffMs(failures, policy, random);
  const factor = backoff.throttleFactor ?? THROTTLE_FACTOR;
  const own = backoffMs(
    failures,
    { ...policy, baseMs: baseMs * factor, maxMs: Math.max(maxMs, baseMs * factor) },
    random,
  );
  const asked = Math.min(error.details.retryAfterMs ?? 0, backoff.maxRetryAfterMs ?? 60 * 60_000);
  return Math.max(own, asked);
}

/**
 * A failure in RunSignup's own words, which may repeat for as long as the batch does: it counts
 * towards setting the batch aside. A lost connection, a cut-off answer, a web server's error
 * page or a throttle says nothing about the batch (RunSignup may be down for everyone), and a
 * failure that needs a person pauses the queue instead: never counted.
 */
export function countsTowardsSetAside(error: ApiError): boolean {
  if (!isRunSignupsOwnAnswer(error.details)) return false;
  return error.kind !== 'throttled' && error.kind !== 'needs-user';
}

/** What an entry set aside says (needs_fix). */
export function setAsideMessage(error: ApiError): string {
  return `Set aside: RunSignup gave the same answer to ${SET_ASIDE_AFTER} tries in a row (${error.message}). The rest of the queue went on. Send it again when the problem is solved, or delete it.`;
}
