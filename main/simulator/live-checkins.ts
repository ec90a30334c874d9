import type { Clock } from '../clock';
import type { Prng } from './prng';
import type { RaceState } from './race-state';
import { rushIntensity } from './rush-curve';

export interface LiveOptions {
  /** Check-ins per minute at the peak of the rush; the curve scales it down away from the peak. */
  checkinsPerMinute: number;
  clock: Clock;
  /** How often the timer adds check-ins (default 1000 ms). */
  tickMs?: number;
  /** Lowest fraction of the peak rate, so a session far from the start still sees some flow (default 0.15). */
  floor?: number;
  /** Chance per minute that an offline device uploads a few old check-ins (default 0.5). */
  lateUploadsPerMinute?: number;
}

/**
 * Keeps check-ins coming while a practice session runs: the rush curve sets the rate, each
 * step checks in the registrations due since the last one (spread over those seconds) and now
 * and then an offline device uploads a handful with timestamps minutes old.
 */
export class LiveCheckins {
  private timer: NodeJS.Timeout | undefined;
  private lastMs: number;
  private carry = 0;

  constructor(
    private readonly state: RaceState,
    private readonly prng: Prng,
    private readonly opts: LiveOptions,
  ) {
    this.lastMs = opts.clock.now();
  }

  start(): void {
    this.stop();
    this.lastMs = this.opts.clock.now();
    this.timer = setInterval(() => this.step(), this.opts.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Adds the check-ins due since the previous step; returns the registration ids checked in. */
  step(): number[] {
    const nowMs = this.opts.clock.now();
    const dtMs = nowMs - this.lastMs;
    if (dtMs <= 0) return [];
    const fromTs = Math.floor(this.lastMs / 1000);
    const nowTs = Math.floor(nowMs / 1000);
    this.lastMs = nowMs;

    const intensity = Math.max(
      rushIntensity((this.state.firstStartTs - nowTs) / 60),
      this.opts.floor ?? 0.15,
    );
    const due = this.opts.checkinsPerMinute * intensity * (dtMs / 60000) + this.carry;
    const n = Math.min(Math.floor(due), 5000);
    this.carry = due - Math.floor(due);
    const ids = this.state.pickUnchecked(n, true);
    for (const id of ids)
      this.state.checkIn([id], this.prng.int(Math.min(fromTs + 1, nowTs), nowTs));

    const lateChance = (this.opts.lateUploadsPerMinute ?? 0.5) * (dtMs / 60000);
    if (this.prng.chance(lateChance)) {
      const late = this.state.pickUnchecked(this.prng.int(3, 12), true);
      let ts = nowTs - this.prng.int(120, 1200);
      for (const id of late) {
        this.state.checkIn([id], ts);
        ts += this.prng.int(0, 20);
      }
      ids.push(...late);
    }
    return ids;
  }
}
