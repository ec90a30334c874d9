/** Time comes in through this so tests control it (docs/ARCHITECTURE.md "Conventions"). */
export interface Clock {
  /** Milliseconds since the Unix epoch: for stamps people read and for storing. */
  now(): number;
  /**
   * Milliseconds on a clock that never jumps (the laptop's clock being set back or forward does
   * not move it): for every wait. Clocks without one use the process's monotonic clock.
   */
  monotonic?(): number;
}

/** The clock to measure a wait with (`performance.now()` unless the clock brings its own). */
export function monotonicNow(clock: Clock): number {
  return clock.monotonic ? clock.monotonic() : performance.now();
}

export const systemClock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };
