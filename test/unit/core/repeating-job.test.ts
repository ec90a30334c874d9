import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RepeatingJob } from '../../../main/repeating-job';

/** A job whose runs each wait until the test lets them finish (`finish`). */
class HeldJob extends RepeatingJob {
  runs = 0;
  active = 0;
  mostAtOnce = 0;
  failures: unknown[] = [];
  /** What the next run to finish does: wait this long before the next one, or throw. */
  outcome: number | Error = 1_000;
  private waiting: Array<() => void> = [];

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
}

describe('RepeatingJob', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once on start, then again after the delay each run returns', async () => {
    const job = new HeldJob();
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(job.runs).toBe(1);
    await job.finish();
    await vi.advanceTimersByTimeAsync(999);
    expect(job.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(job.runs).toBe(2);
    await job.finish();
    await job.stop();
  });

  it('one run at a time: kicks during a run give one more run right after it', async () => {
    const job = new HeldJob();
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    job.kick();
    job.kick();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.runs).toBe(1);
    await job.finish();
    expect(job.runs).toBe(2);
    expect(job.mostAtOnce).toBe(1);
    await job.finish();
    // The two kicks made one extra run; the next waits its delay.
    await vi.advanceTimersByTimeAsync(999);
    expect(job.runs).toBe(2);
    await job.stop();
  });

  it('a kick between runs runs it now instead of after the delay', async () => {
    const job = new HeldJob();
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    await job.finish();
    job.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(job.runs).toBe(2);
    await job.finish();
    await job.stop();
  });

  it('after a failed run, waits as long as `failed` says', async () => {
    const job = new HeldJob();
    const boom = new Error('boom');
    job.outcome = boom;
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    await job.finish();
    expect(job.failures).toEqual([boom]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(job.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(job.runs).toBe(2);
    await job.finish();
    await job.stop();
  });

  it('stop waits for the run in progress, and no run follows; a kick after it does nothing', async () => {
    const job = new HeldJob();
    job.start();
    await vi.advanceTimersByTimeAsync(0);
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
    await vi.advanceTimersByTimeAsync(60_000);
    expect(job.runs).toBe(1);
  });

  it('runNow runs once even when stopped, and after the run in progress when running', async () => {
    const idle = new HeldJob();
    const once = idle.runNow();
    expect(idle.runs).toBe(1);
    await idle.finish();
    await once;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(idle.runs).toBe(1);

    const busy = new HeldJob();
    busy.start();
    await vi.advanceTimersByTimeAsync(0);
    let done = false;
    const now = busy.runNow().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(busy.runs).toBe(1);
    await busy.finish();
    expect(busy.runs).toBe(2);
    expect(busy.mostAtOnce).toBe(1);
    expect(done).toBe(false);
    await busy.finish();
    await now;
    expect(done).toBe(true);
    await busy.stop();
  });
});
