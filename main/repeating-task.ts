/**
 * Runs an async job again and again, one run at a time, waiting between runs as long as the
 * job says (it returns the next delay in ms). `kick()` runs it as soon as the current run ends.
 */
export class RepeatingTask {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  constructor(
    private readonly job: () => Promise<number>,
    private readonly onError: (e: unknown) => number,
  ) {}

  start(delayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(delayMs);
  }

  /** Run now (or right after the run in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Waits for the run in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs once now, even when stopped; resolves when done. */
  async runOnce(): Promise<void> {
    while (this.running) await this.running;
    await this.run();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    let next = 0;
    this.running = (async () => {
      try {
        next = await this.job();
      } catch (e) {
        next = this.onError(e);
      }
    })();
    await this.running;
    this.running = null;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      next = 0;
    }
    this.schedule(next);
  }
}

/**
 * A loop built on RepeatingTask: subclasses say what one run does (`tick`, returning the next
 * delay) and how long to wait after a failure (`failed`).
 */
export abstract class RepeatingJob {
  private readonly task = new RepeatingTask(
    () => this.tick(),
    (e) => this.failed(e),
  );

  protected abstract tick(): Promise<number>;
  protected abstract failed(e: unknown): number;

  start(): void {
    this.task.start(0);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Run as soon as possible (the connection came back, the settings changed). */
  kick(): void {
    this.task.kick();
  }

  /** One run now, after the one in progress (tests, catching up). */
  runNow(): Promise<void> {
    return this.task.runOnce();
  }
}
