/**
 * When the chaos run pulls the plug. A quarter of the kills come at a random moment, a quarter
 * inside the SQLite transaction of a large paste (the child says so from inside it, and the
 * kill comes 0–5 ms later while its rows are being written: the database must then hold all of
 * the paste or none of it); the others aim at an upload, which is what race directors ask about:
 * - while RunSignup holds an upload (a slow answer): the kiosk dies before the upload is
 *   complete, so RunSignup never stores it — the rows must go again after the restart;
 * - right after RunSignup stored an upload and answered: the kiosk may die before it reads the
 *   answer — the rows go again, and sending them twice must be harmless.
 */
import type { Simulator } from '../../main/simulator/index';
import type { Prng } from '../../main/simulator/prng';

const RESULTS_PATH = /\/results\/user-results\/?$/;
/** How long to wait for the kiosk to upload something before killing it anyway. */
const UPLOAD_WAIT_MS = 5_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Faults after which the simulator has still stored the post (the answer is slow, cut or lost). */
function storedDespite(fault: string | undefined): boolean {
  return fault === undefined || fault === 'latency' || fault === 'reset' || fault === 'truncated';
}

export class KillMoments {
  /** Kills by moment: random, held-upload, answered-upload, no-upload (waited in vain). */
  readonly counts: Record<string, number> = {};
  private gate: Promise<void> | null = null;

  constructor(
    private readonly sim: Simulator,
    private readonly prng: Prng,
    /** Longer than this, RunSignup's held answer would time out at the kiosk. */
    private readonly requestTimeoutMs: number,
    /** Makes the next command a large announced paste; resolves when its commit starts. */
    private readonly commitStarting: () => Promise<void>,
  ) {}

  /** The fault loop waits here while a kill holds an upload with its own fault. */
  async faultsMayChange(): Promise<void> {
    while (this.gate) await this.gate;
  }

  /**
   * Holds the next upload longer than the kiosk waits for an answer (so it times out, and
   * RunSignup does not store it) and runs `during` while it is held. Null when no upload came.
   */
  async whileUploadTimesOut<T>(during: () => Promise<T>): Promise<T | null> {
    while (this.gate) await this.gate;
    let release = () => {};
    this.gate = new Promise((resolve) => (release = resolve));
    try {
      const holdMs = Math.round(this.requestTimeoutMs * 1.25);
      await this.sim.faults.set({ type: 'latency', ms: holdMs }, { path: RESULTS_PATH, count: 1 });
      const deadline = Date.now() + UPLOAD_WAIT_MS;
      while (Date.now() < deadline) {
        if (this.sim.faults.active === null) return await during();
        await sleep(1);
      }
      await this.sim.faults.clear();
      return null;
    } finally {
      this.gate = null;
      release();
    }
  }

  /** Resolves at the next moment to kill, with a few words on what it is. */
  async next(): Promise<string> {
    const roll = this.prng.next();
    if (roll < 1 / 4) {
      const ms = this.prng.chance(0.4) ? this.prng.int(0, 60) : this.prng.int(60, 1500);
      await sleep(ms);
      return this.counted('random', `after ${ms} ms`);
    }
    if (roll < 2 / 4) return this.duringCommit();
    return roll < 3 / 4 ? this.duringHeldUpload() : this.afterAnsweredUpload();
  }

  private async duringCommit(): Promise<string> {
    const ms = this.prng.int(0, 5);
    await this.commitStarting();
    await sleep(ms);
    return this.counted('mid-commit', `${ms} ms into committing a paste`);
  }

  private counted(label: string, text: string): string {
    this.counts[label] = (this.counts[label] ?? 0) + 1;
    return text;
  }

  private async duringHeldUpload(): Promise<string> {
    let release = () => {};
    this.gate = new Promise((resolve) => (release = resolve));
    try {
      const holdMs = Math.round(this.requestTimeoutMs * 0.75);
      await this.sim.faults.set({ type: 'latency', ms: holdMs }, { path: RESULTS_PATH, count: 1 });
      const deadline = Date.now() + UPLOAD_WAIT_MS;
      while (Date.now() < deadline) {
        // The one-request fault clears itself when an upload takes it.
        if (this.sim.faults.active === null)
          return this.counted('held-upload', 'while RunSignup held an upload (never stored)');
        await sleep(1);
      }
      await this.sim.faults.clear();
      return this.counted('no-upload', `after no upload came in ${UPLOAD_WAIT_MS} ms`);
    } finally {
      this.gate = null;
      release();
    }
  }

  private async afterAnsweredUpload(): Promise<string> {
    this.sim.inspect.clearRequests();
    const deadline = Date.now() + UPLOAD_WAIT_MS;
    while (Date.now() < deadline) {
      const upload = this.sim.inspect
        .requests()
        .find((r) => r.method === 'POST' && RESULTS_PATH.test(r.path) && storedDespite(r.fault));
      if (upload)
        return this.counted(
          'answered-upload',
          `right after RunSignup stored an upload and answered (HTTP ${upload.status}${upload.fault ? `, ${upload.fault}` : ''})`,
        );
      await sleep(1);
    }
    return this.counted('no-upload', `after no upload came in ${UPLOAD_WAIT_MS} ms`);
  }
}
