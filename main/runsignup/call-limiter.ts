/**
 * At most 2 RunSignup calls at once per kiosk (RunSignup's API caller announcement,
 * docs/RUNSIGNUP.md §7), shared by every client the kiosk builds: the check-in poller, the
 * roster sync, the results flusher and the screens.
 *
 * Two kinds of call:
 * - `urgent`: a result send, a screen waiting for an answer (Check and connect, result sets).
 * - `background`: roster pages, check-in polls, the connectivity probe.
 * Background calls may hold only `slots - 1` slots, so one is always free for urgent work: an
 * urgent call never waits behind background work, only behind another urgent call. When a
 * slot frees, waiting urgent calls go first; each kind goes in arrival order.
 */
export type CallPriority = 'urgent' | 'background';

export class CallLimiter {
  private running = { urgent: 0, background: 0 };
  private readonly waiting: Record<CallPriority, Array<() => void>> = {
    urgent: [],
    background: [],
  };
  /** The most calls that were ever open at once (tests and benchmarks read it). */
  peak = 0;

  constructor(readonly slots = 2) {
    if (!Number.isInteger(slots) || slots < 2)
      throw new Error('A call limiter needs 2 slots or more');
  }

  /** Calls open now. */
  get open(): number {
    return this.running.urgent + this.running.background;
  }

  /** Runs `call` once a slot of its kind is free; the slot is held until it settles. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    if (this.canStart(priority)) this.take(priority);
    else await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    try {
      return await call();
    } finally {
      this.running[priority] -= 1;
      this.next();
    }
  }

  private canStart(priority: CallPriority): boolean {
    if (this.open >= this.slots) return false;
    if (priority === 'urgent') return true;
    return this.running.background < this.slots - 1 && this.waiting.urgent.length === 0;
  }

  /** Hands freed slots to waiting calls, urgent first. A woken call already owns its slot. */
  private next(): void {
    for (;;) {
      const kind: CallPriority | null =
        this.waiting.urgent.length > 0 && this.canStart('urgent')
          ? 'urgent'
          : this.waiting.background.length > 0 && this.canStart('background')
            ? 'background'
            : null;
      if (!kind) return;
      this.take(kind);
      this.waiting[kind].shift()?.();
    }
  }

  private take(kind: CallPriority): void {
    this.running[kind] += 1;
    this.peak = Math.max(this.peak, this.open);
  }
}
