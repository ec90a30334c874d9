/**
 * A job that runs again and again, one run at a time. Subclasses say what one run does (`tick`,
 * returning how long to wait before the next run, in ms) and how long to wait after a failed
 * run (`failed`). `kick()` runs it as soon as the run in progress ends.
 */
export abstract class RepeatingJob {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  #again = false;

  protected abstract tick(): Promise<number>;
  protected abstract failed(e: unknown): number;

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Run as soon as possible (the connection came back, the settings changed). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  /** No more runs; waits for the run in progress, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One run now, after the one in progress, even when stopped (tests, catching up). */
  async runNow(): Promise<void> {
    while (this.#running) await this.#running;
    await this.#run();
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, ms);
  }

  async #run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    let next = 0;
    this.#running = (async () => {
      try {
        next = await this.tick();
      } catch (e) {
        next = this.failed(e);
      }
    })();
    await this.#running;
    this.#running = null;
    if (this.#stopped) return;
    if (this.#again) {
      this.#again = false;
      next = 0;
    }
    this.#schedule(next);
  }
}
