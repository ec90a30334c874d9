import type { Clock } from '../../main/clock';

/** A clock tests move by hand: `advance` moves both clocks, `set` only the wall clock. */
export class ManualClock implements Clock {
  private mono = 0;
  constructor(private ms = Date.UTC(2026, 10, 22, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  monotonic(): number {
    return this.mono;
  }
  /** The laptop's clock is set to `ms` (waits are not affected). */
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
    this.mono += ms;
  }
}
