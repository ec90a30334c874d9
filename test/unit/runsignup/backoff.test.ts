import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backoffMs,
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
  THROTTLE_FACTOR,
} from '../../../main/runsignup/backoff';
import type { RetryPolicy } from '../../../main/runsignup/backoff';
import { ApiError } from '../../../main/runsignup/errors';

const POLICY: RetryPolicy = { attempts: 5, baseMs: 100, maxMs: 1000 };
const transient = new ApiError('transient', 'x');

describe('backoffMs', () => {
  it('doubles each retry with the jitter in the upper half of the step', () => {
    expect(backoffMs(1, POLICY, () => 0)).toBe(50);
    expect(backoffMs(1, POLICY, () => 0.999999)).toBe(100);
    expect(backoffMs(2, POLICY, () => 0)).toBe(100);
    expect(backoffMs(3, POLICY, () => 0)).toBe(200);
  });

  it('never exceeds maxMs and never drops below half a step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (retry, r) => {
          const d = backoffMs(retry, POLICY, () => r);
          const step = Math.min(POLICY.maxMs, POLICY.baseMs * 2 ** (retry - 1));
          expect(d).toBeLessThanOrEqual(POLICY.maxMs);
          expect(d).toBeGreaterThanOrEqual(step / 2);
        },
      ),
    );
  });
});

describe('retryDelayMs', () => {
  it('stops after the last attempt', () => {
    expect(retryDelayMs(transient, 4, POLICY, () => 0, true)).not.toBeNull();
    expect(retryDelayMs(transient, 5, POLICY, () => 0, true)).toBeNull();
  });

  it('never retries what is not retryable', () => {
    expect(retryDelayMs(transient, 1, POLICY, () => 0, false)).toBeNull();
  });

  it('throttled waits longer than transient, and at least what the server asked', () => {
    const throttled = new ApiError('throttled', 'x');
    expect(retryDelayMs(throttled, 1, POLICY, () => 0, true)).toBe(
      (POLICY.baseMs * THROTTLE_FACTOR) / 2,
    );
    const asked = new ApiError('throttled', 'x', { retryAfterMs: 900 });
    expect(retryDelayMs(asked, 1, POLICY, () => 0, true)).toBe(900);
  });

  it('hands a Retry-After longer than maxMs back to the caller', () => {
    const asked = new ApiError('throttled', 'x', { retryAfterMs: 5000 });
    expect(retryDelayMs(asked, 1, POLICY, () => 0, true)).toBeNull();
  });
});

describe('isRetryable', () => {
  it.each([
    ['transient', false, true],
    ['throttled', false, true],
    ['needs-user', false, false],
    ['permanent', false, false],
    ['malformed', false, false],
    ['malformed', true, true],
  ] as const)('%s (cut off: %s) → %s', (kind, cutOff, expected) => {
    expect(isRetryable(new ApiError(kind, 'x'), cutOff)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
  });
  it('clamps past dates to 0 and ignores garbage', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
