/**
 * The one loop that sends queued result entries to RunSignup (docs/ARCHITECTURE.md "Rules for the
 * queue", rules 3–6; docs/RUNSIGNUP.md §5).
 *
 * Batches go strictly one after another: take a batch (outbox.ts marks it `sending`), send it
 * and settle every entry (batch-sender.ts: sent, or needs_fix for bad data), then the next.
 * A failure that stops a batch puts its unsettled entries back in the queue, by kind:
 * - transient / malformed: retried after an exponential, jittered, capped wait
 *   (flush-policy.ts); at once when the connection comes back (`onOnline`).
 * - throttled: the same, with a longer wait that honours Retry-After.
 * - needs-user (bad key, no permission, a race RunSignup does not know, a refusal the kiosk
 *   cannot place): the queue pauses with a reason until `resume()` (e.g. after new credentials
 *   are saved). Every entry is kept.
 * A batch that fails the same way SET_ASIDE_AFTER times in a row, in RunSignup's own words (an
 * error code, e.g. 5 "database error"; not a lost connection, a throttle or a web server's error
 * page), is set aside (needs_fix with those words) and the rest of the queue goes on, so one
 * batch never stalls it for good.
 * Nothing is dropped: every entry ends sent, needs_fix, or queued again with its last error.
 */
import type { Clock } from '../clock';
import { monotonicNow } from '../clock';
import type { Logger } from '../logging';
import type { ApiError } from '../runsignup/errors';
import type { BatchSenderOptions } from './batch-sender';
import { BatchSender } from './batch-sender';
import type { FlushBackoff } from './flush-policy';
import {
  asApiError,
  countsTowardsSetAside,
  DEFAULT_FLUSH_BACKOFF,
  RESULT_BATCH_SIZE,
  SET_ASIDE_AFTER,
  setAsideMessage,
  waitAfter,
} from './flush-policy';
import type { Batch, ResultOutbox } from './outbox';

/** What the flusher needs of the connectivity monitor (ConnectivityMonitor fits). */
export interface FlushConnectivity {
  onOnline(listener: () => void): () => void;
}

export interface ResultFlusherOptions extends Pick<
  BatchSenderOptions,
  'client' | 'raceId' | 'onElevationRequired' | 'requiresElevation'
> {
  /** The flusher's side of the entry table. */
  outbox: ResultOutbox;
  clock: Clock;
  logger: Logger;
  connectivity: FlushConnectivity;
  /** Default RESULT_BATCH_SIZE. */
  batchSize?: number;
  backoff?: FlushBackoff;
  /** Waits `ms`, or less when `signal` aborts (then it resolves or rejects, either is fine). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source, [0, 1). */
  random?: () => number;
}

export interface FlusherState {
  /** Why the queue is paused (bad key, no permission), or null. */
  pausedReason: string | null;
  /** When the next try is due after a failure (ms since the epoch), or null. */
  nextAttemptAt: number | null;
  /** A batch is in flight. */
  sending: boolean;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export class ResultFlusher {
  private readonly outbox: ResultOutbox;
  private readonly sender: BatchSender;
  private readonly batchSize: number;
  private readonly backoff: FlushBackoff;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly listeners = new Set<() => void>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private unsubscribeOnline: (() => void) | null = null;
  private pausedReason: string | null = null;
  /** No send before this, on the monotonic clock (a laptop clock set back does not stretch it). */
  private holdUntil: number | null = null;
  /** A database failure may have left entries `sending`: put them back before the next batch. */
  private recoverBeforeNext = false;
  /** Failures in a row (the backoff exponent); reset by a batch that goes through. */
  private failures = 0;
  private inFlight = false;

  constructor(private readonly opts: ResultFlusherOptions) {
    this.outbox = opts.outbox;
    this.sender = new BatchSender({ ...opts, changed: () => this.emit() });
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? RESULT_BATCH_SIZE));
    this.backoff = opts.backoff ?? DEFAULT_FLUSH_BACKOFF;
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
  }

  /**
   * Starts the loop (once). Entries a crash left `sending` are recovered first: nothing is in
   * flight before the loop runs, so that is always safe here.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    const recovered = this.outbox.recoverInterrupted();
    if (recovered.requeued + recovered.superseded > 0) {
      this.opts.logger.info('Results left mid-send were put back in the queue', { ...recovered });
    }
    this.unsubscribeOnline = this.opts.connectivity.onOnline(() => this.retryNow());
    this.loop = this.run().catch((e: unknown) => {
      this.opts.logger.error('The results queue stopped unexpectedly', { error: e });
      this.running = false;
    });
  }

  /** Stops the loop, after the batch in flight (if any) is settled. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribeOnline?.();
    this.unsubscribeOnline = null;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** New entries were committed: look for work now (a wait after a failure still applies). */
  kick(): void {
    this.wake?.();
  }

  /** Pauses the queue with a reason the user must act on (until `resume()`); every entry is kept. */
  pause(reason: string): void {
    this.pausedReason = reason;
    this.opts.logger.warn(`Results queue paused: ${reason}`);
    this.emit();
  }

  /** Ends a pause (new credentials were saved) and tries at once. */
  resume(): void {
    if (this.pausedReason !== null) this.opts.logger.info('Results queue resumed');
    this.pausedReason = null;
    this.clearHold();
    this.emit();
    this.wake?.();
  }

  /** The connection is back: every waiting entry may go at once. */
  retryNow(): void {
    this.clearHold();
    this.emit();
    this.wake?.();
  }

  state(): FlusherState {
    const now = this.opts.clock.now();
    const left = this.holdLeft();
    const hold = left > 0 ? now + left : null;
    return {
      pausedReason: this.pausedReason,
      nextAttemptAt: this.pausedReason === null ? (hold ?? this.outbox.nextDueAt(now)) : null,
      sending: this.inFlight,
    };
  }

  /** Called whenever entries change state or the flusher's state changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.pausedReason !== null) {
        await this.idle(null);
        continue;
      }
      const left = this.holdLeft();
      if (left > 0) {
        await this.idle(left);
        continue;
      }
      const now = this.opts.clock.now();
      try {
        if (this.recoverBeforeNext) {
          // Nothing is in flight here, so entries still `sending` were stranded by the failure.
          const recovered = this.outbox.recoverInterrupted();
          this.recoverBeforeNext = false;
          this.opts.logger.info(
            'Results stranded by a database failure were put back in the queue',
            {
              ...recovered,
            },
          );
        }
        // The monotonic wait is over, so every stored wait is too: one still in the future
        // was stored before the laptop's clock was set back.
        this.outbox.capWaits(now);
        const batch = this.outbox.takeBatch(now, this.batchSize);
        if (!batch) {
          const due = this.outbox.nextDueAt(now);
          await this.idle(due === null ? null : due - now);
          continue;
        }
        await this.send(batch);
      } catch (e) {
        // The database failed (disk full, locked): keep the loop alive and try again later.
        // Entries it left `sending` are put back in the queue before the next batch.
        this.recoverBeforeNext = true;
        this.failures += 1;
        const wait = this.waitAfter(asApiError(e));
        this.holdUntil = monotonicNow(this.opts.clock) + wait;
        this.opts.logger.error('The results queue could not use the database', {
          error: e,
          retryInMs: wait,
        });
      }
    }
  }

  /** Waits for `ms` (null: until woken) or until kick / resume / retryNow / stop. */
  private idle(ms: number | null): Promise<void> {
    if (!this.running) return Promise.resolve();
    const controller = new AbortController();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        if (this.wake === done) this.wake = null;
        controller.abort();
        resolve();
      };
      this.wake = done;
      if (ms !== null) this.sleep(Math.max(0, ms), controller.signal).then(done, done);
    });
  }

  private async send(batch: Batch): Promise<void> {
    this.inFlight = true;
    this.emit();
    const ids = batch.entries.map((e) => e.id);
    try {
      await this.sender.send(batch);
      this.failures = 0;
      this.holdUntil = null;
    } catch (e) {
      this.failed(ids, asApiError(e), batch);
    } finally {
      this.inFlight = false;
      this.emit();
    }
  }

  /** A failure that stopped the batch: its unsettled entries go back to queued. */
  private failed(ids: readonly number[], error: ApiError, batch: Batch): void {
    const now = this.opts.clock.now();
    const fields = {
      kind: error.kind,
      status: error.details.status,
      code: error.details.code,
      eventId: batch.eventId,
      entries: ids.length,
    };
    if (error.kind === 'needs-user') {
      this.pausedReason = error.message;
      this.outbox.release(ids, {
        error: error.message,
        kind: error.kind,
        nextAttemptAt: null,
        countAttempt: false,
      });
      this.opts.logger.warn(`Results queue paused: ${error.message}`, fields);
      return;
    }
    this.failures += 1;
    const wait = this.waitAfter(error);
    this.holdUntil = monotonicNow(this.opts.clock) + wait;
    const setAside = this.outbox.release(ids, {
      error: error.message,
      kind: error.kind,
      nextAttemptAt: now + wait,
      countAttempt: true,
      ...(countsTowardsSetAside(error)
        ? { setAside: { after: SET_ASIDE_AFTER, message: setAsideMessage(error) } }
        : {}),
    });
    if (setAside > 0) {
      // The batch is out of the way: the rest of the queue goes on at once.
      this.failures = 0;
      this.holdUntil = null;
      this.opts.logger.warn(`Results set aside after ${SET_ASIDE_AFTER} identical failures`, {
        ...fields,
        setAside,
      });
      return;
    }
    this.opts.logger.warn(`Sending results failed: ${error.message}`, {
      ...fields,
      retryInMs: wait,
    });
  }

  private waitAfter(error: ApiError): number {
    return waitAfter(error, this.failures, this.backoff, this.random);
  }

  /** Milliseconds left of the wait after a failure (0: none). */
  private holdLeft(): number {
    return this.holdUntil === null
      ? 0
      : Math.max(0, this.holdUntil - monotonicNow(this.opts.clock));
  }

  private clearHold(): void {
    this.holdUntil = null;
    this.failures = 0;
    this.outbox.clearWaits();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (e) {
        this.opts.logger.error('A results queue listener failed', { error: e });
      }
    }
  }
}
