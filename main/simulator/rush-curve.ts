import type { Prng } from './prng';

/**
 * How busy packet pickup is, relative to its peak, `minutesToStart` minutes before the first
 * start (negative: after it). Pickup opens about four hours out, builds through the last
 * hour and a half, peaks 45 to 25 minutes before the gun and dies away once the race starts.
 */
const KNOTS: ReadonlyArray<readonly [minutesToStart: number, intensity: number]> = [
  [240, 0.05],
  [150, 0.25],
  [90, 0.6],
  [45, 1],
  [25, 1],
  [10, 0.6],
  [0, 0.3],
  [-15, 0.05],
];
const BEFORE = 0.03;
const AFTER = 0.02;

export function rushIntensity(minutesToStart: number): number {
  const first = KNOTS[0];
  const last = KNOTS[KNOTS.length - 1];
  if (!first || !last) return BEFORE;
  if (minutesToStart > first[0]) return BEFORE;
  if (minutesToStart <= last[0]) return AFTER;
  for (let k = 1; k < KNOTS.length; k++) {
    const hi = KNOTS[k - 1];
    const lo = KNOTS[k];
    if (hi && lo && minutesToStart <= hi[0] && minutesToStart > lo[0]) {
      const f = (minutesToStart - lo[0]) / (hi[0] - lo[0]);
      return lo[1] + f * (hi[1] - lo[1]);
    }
  }
  return AFTER;
}

/**
 * `n` check-in times (unix seconds, ascending) in [fromTs, toTs], distributed like the rush
 * curve around `firstStartTs`.
 */
export function sampleRushTimestamps(
  prng: Prng,
  n: number,
  window: { fromTs: number; toTs: number; firstStartTs: number },
): number[] {
  const span = Math.max(0, window.toTs - window.fromTs);
  const out: number[] = [];
  while (out.length < n) {
    const ts = window.fromTs + Math.floor(prng.next() * (span + 1));
    if (prng.next() < rushIntensity((window.firstStartTs - ts) / 60)) out.push(ts);
  }
  return out.sort((a, b) => a - b);
}
