/**
 * At most 2 RunSignup calls at once per kiosk (RunSignup's API caller announcement,
 * docs/RUNSIGNUP.md §7), shared by every client the kiosk builds: the check-in poller, the
 * roster sync, the results flusher and the screens.
 *
 * Two kinds of call:
 * - `urgent`: a result send, a screen waiting for an answer (Check and connect, result sets).
 * - `background`: roster pages, check-in polls, the connectivity probe.
 * Any call may take a free slot, so background work may fill both (the first roster load keeps
 * two pages on the wire). When a slot frees, waiting urgent calls get it first, then background
 * calls, each kind in arrival order. So an urgent call that finds both slots busy waits for the
 * first of the calls in flight to finish (at most one roster page on a venue link), never
 * behind a queue of background work, and no background call starts while it waits.
 */
export type CallPriority = 'urgent' | 'background';

export class CallLimiter {
  private open_ = 0;
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
    return this.open_;
  }

  /** Runs `call` once a slot is free (urgent calls first); the slot is held until it settles. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    // A slot is free only when nobody waits: freed slots are handed over at once (next()).
    if (this.open_ < this.slots) this.take();
    else await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    try {
      return await call();
    } finally {
      this.open_ -= 1;
      this.next();
    }
  }

  /** Hands a freed slot to a waiting call, urgent first. A woken call already owns its slot. */
  private next(): void {
    const wake = this.waiting.urgent.shift() ?? this.waiting.background.shift();
    if (!wake) return;
    this.take();
    wake();
  }

  private take(): void {
    this.open_ += 1;
    this.peak = Math.max(this.peak, this.open_);
  }
}
