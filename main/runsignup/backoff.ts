/**
 * When to try a request again, and how long to wait first. Pure functions: the randomness and
 * the current time come in as arguments.
 */
import type { ApiError } from './errors';

export interface RetryPolicy {
  /** Total tries including the first (1 = never retry). */
  attempts: number;
  /** The first wait; it doubles each retry. */
  baseMs: number;
  /** No single wait is longer than this (a longer Retry-After is handed to the caller). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 500, maxMs: 8_000 };

/** Throttled requests wait this many times longer than transient ones. */
export const THROTTLE_FACTOR = 4;

/**
 * Exponential backoff with "equal jitter": half the step fixed, half random, so waits never
 * collapse to zero and kiosks that failed together do not retry together.
 * `retry` counts from 1 (the wait before the first retry).
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The wait before retry number `retry` after `error`, or `null` when this error must not be
 * retried automatically (see `isRetryable`) or the server asked for a longer wait than the
 * policy allows in-line (the caller gets the error with `retryAfterMs` and schedules it).
 */
export function retryDelayMs(
  error: ApiError,
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  retryable: boolean,
): number | null {
  if (!retryable || retry >= policy.attempts) return null;
  if (error.kind === 'throttled') {
    const asked = error.details.retryAfterMs;
    if (asked !== undefined && asked > policy.maxMs) return null;
    const own = backoffMs(retry, { ...policy, baseMs: policy.baseMs * THROTTLE_FACTOR }, random);
    return Math.max(asked ?? 0, own);
  }
  return backoffMs(retry, policy, random);
}

/**
 * Which failures are worth the same request again: transient and throttled ones. needs-user
 * and permanent answers will not change by asking again. A malformed answer is retried only
 * when it may be a cut-off transfer (`cutOff`: the body was not valid JSON); a well-formed
 * body of the wrong shape will be the same next time.
 */
export function isRetryable(error: ApiError, cutOff: boolean): boolean {
  if (error.kind === 'transient' || error.kind === 'throttled') return true;
  return error.kind === 'malformed' && cutOff;
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past is 0; garbage is `undefined`.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
