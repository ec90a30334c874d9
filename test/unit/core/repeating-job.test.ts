import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RepeatingJob } from '../../../main/repeating-job';

/** A job whose runs each wait until the test lets them finish (`finish`). */
class HeldJob extends RepeatingJob {
  runs = 0;
  active = 0;
  mostAtOnce = 0;
  failures: unknown[] = [];
  private waiting: Array<() => void> = [];

  /** What each run does when let finish: wait this long before the next one, or throw. */
  constructor(private readonly outcome: number | Error = 1_000) {
    super();
  }

  protected async tick(): Promise<number> {
    this.runs++;
    this.active++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.active);
    await new Promise<void>((r) => this.waiting.push(r));
    this.active--;
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
  protected failed(e: unknown): number {
    this.failures.push(e);
    return 5_000;
  }
  /** Lets the run in progress finish, and lets the job see it. */
  async finish(): Promise<void> {
    this.waiting.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  }
  /** How many runs have started once `ms` more have passed. */
  async runsAfter(ms: number): Promise<number> {
    await vi.advanceTimersByTimeAsync(ms);
    return this.runs;
  }
}

const jobs: HeldJob[] = [];
/** A started job, in its first run. */
async function inFirstRun(outcome?: number | Error): Promise<HeldJob> {
  const job = new HeldJob(outcome);
  jobs.push(job);
  job.start();
  await vi.advanceTimersByTimeAsync(0);
  return job;
}

describe('RepeatingJob', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    for (const job of jobs.splice(0)) {
      const stopping = job.stop();
      await job.finish();
      await stopping;
    }
    vi.useRealTimers();
  });

  it('runs at once on start, then again after the delay each run returns', async () => {
    const job = await inFirstRun();
    expect(job.runs).toBe(1);
    await job.finish();
    expect(await job.runsAfter(999)).toBe(1);
    expect(await job.runsAfter(1)).toBe(2);
  });

  it('one run at a time: kicks during a run give one more run right after it', async () => {
    const job = await inFirstRun();
    job.kick();
    job.kick();
    expect(await job.runsAfter(10_000)).toBe(1);
    await job.finish();
    expect(job.runs).toBe(2);
    expect(job.mostAtOnce).toBe(1);
    await job.finish();
    // The two kicks made one extra run; the next waits its delay.
    expect(await job.runsAfter(999)).toBe(2);
  });

  it('a kick between runs runs it now instead of after the delay', async () => {
    const job = await inFirstRun();
    await job.finish();
    job.kick();
    expect(await job.runsAfter(0)).toBe(2);
  });

  it('a run due while runNow runs waits for it, then follows at once', async () => {
    const job = await inFirstRun();
    await job.finish();
    const now = job.runNow();
    expect(await job.runsAfter(1_000)).toBe(2);
    expect(job.mostAtOnce).toBe(1);
    await job.finish();
    await now;
    expect(job.runs).toBe(3);
  });

  it('after a failed run, waits as long as `failed` says', async () => {
    const boom = new Error('boom');
    const job = await inFirstRun(boom);
    await job.finish();
    expect(job.failures).toEqual([boom]);
    expect(await job.runsAfter(4_999)).toBe(1);
    expect(await job.runsAfter(1)).toBe(2);
  });

  it('stop waits for the run in progress, and no run follows; a kick after it does nothing', async () => {
    const job = await inFirstRun();
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    await job.finish();
    await stopping;
    expect(stopped).toBe(true);
    job.kick();
    expect(await job.runsAfter(60_000)).toBe(1);
  });

  it('runNow runs once even when stopped, and after the run in progress when running', async () => {
    const idle = new HeldJob();
    const once = idle.runNow();
    expect(idle.runs).toBe(1);
    await idle.finish();
    await once;
    expect(await idle.runsAfter(60_000)).toBe(1);

    const busy = await inFirstRun();
    let done = false;
    const now = busy.runNow().then(() => {
      done = true;
    });
    expect(await busy.runsAfter(0)).toBe(1);
    await busy.finish();
    expect(busy.runs).toBe(2);
    expect(busy.mostAtOnce).toBe(1);
    expect(done).toBe(false);
    await busy.finish();
    await now;
    expect(done).toBe(true);
  });
});
