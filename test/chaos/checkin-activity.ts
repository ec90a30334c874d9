/**
 * Packet pickup during the chaos run: check-ins arrive at the simulator while faults and kills
 * happen — a trickle of normal ones, bursts of more than a page sharing one second, and late
 * uploads (a device that was offline, with old timestamps only a full reconciliation finds).
 */
import type { Simulator } from '../../main/simulator/index';
import type { Prng } from '../../main/simulator/prng';

export interface CheckinCounts {
  normal: number;
  bursts: number;
  burstCheckins: number;
  late: number;
}

/** Progress points (0..1 of the run) where a burst, or a late upload, is due. */
const BURSTS_AT = [0.2, 0.55];
const LATE_AT = [0.35, 0.75];

export class CheckinActivity {
  readonly counts: CheckinCounts = { normal: 0, bursts: 0, burstCheckins: 0, late: 0 };
  private burstsDone = 0;
  private lateDone = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly prng: Prng,
    /** Check-ins in one burst, all in the same second (more than 1,250 in a full run). */
    private readonly burstSize: number,
  ) {}

  /** Called as the run goes on; `progress` is 0..1. */
  step(progress: number): void {
    if (this.burstsDone < BURSTS_AT.length && progress >= (BURSTS_AT[this.burstsDone] ?? 1)) {
      this.burstsDone += 1;
      const ids = this.sim.control.checkInBurst(this.burstSize);
      this.counts.bursts += 1;
      this.counts.burstCheckins += ids.length;
    }
    if (this.lateDone < LATE_AT.length && progress >= (LATE_AT[this.lateDone] ?? 1)) {
      this.lateDone += 1;
      this.counts.late += this.sim.control.lateUpload(
        this.prng.int(20, 60),
        this.prng.int(600, 1800),
      ).length;
    }
    if (this.prng.chance(0.6))
      this.counts.normal += this.sim.control.checkInBurst(this.prng.int(1, 6)).length;
  }
}
