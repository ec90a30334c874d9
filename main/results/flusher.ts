/**
 * The one loop that sends queued result entries to RunSignup (docs/ARCHITECTURE.md "Rules for the
 * queue", rules 3–6; docs/RUNSIGNUP.md §2 and §5).
 *
 * Batches go strictly one after another: take a batch (outbox.ts marks it `sending`), POST it,
 * settle every entry, then the next. Failures, by kind:
 * - transient / malformed: back to queued, retried after an exponential, jittered, capped
 *   wait; at once when the connection comes back (`onOnline`).
 * - throttled: the same, with a longer wait that honours Retry-After.
 * - needs-user (bad key, no permission): back to queued and the queue pauses with a reason
 *   until `resume()` (e.g. after new credentials are saved). Every entry is kept.
 * - permanent (bad data): the batch is split in halves, recursively, until the bad entries
 *   stand alone; the good ones are sent, each bad one parks as `needs_fix` with RunSignup's
 *   message. When RunSignup names the refused rows (`rowErrors`) those park at once. An error
 *   about the request itself (unknown race or event) parks the whole batch without splitting.
 *   An error code the kiosk does not know, given alike for the whole batch and for both of its
 *   halves, is about the request too: the queue pauses with RunSignup's message, keeping every row.
 * - A refusal for missing elevation gain marks the event "elevation required" (event-rules.ts)
 *   through `onElevationRequired`.
 * A JSON answer without an error means RunSignup stored the rows: an entry whose receipt is
 * missing or unreadable is marked sent with "receipt unreadable" (docs/RUNSIGNUP.md §7).
 * A batch that fails the same way SET_ASIDE_AFTER times in a row, in RunSignup's own words (an
 * error code, e.g. 5 "database error"; not a lost connection, a throttle or a web server's error
 * page), is set aside (needs_fix with those words) and the rest of the queue goes on, so one
 * batch never stalls it for good.
 * Nothing is dropped: every entry ends sent, needs_fix, or queued again with its last error.
 */
import type { Clock } from '../clock';
import { monotonicNow } from '../clock';
import type { Logger } from '../logging';
import { backoffMs, THROTTLE_FACTOR } from '../runsignup/backoff';
import type { RunSignupClient } from '../runsignup/client';
import { ApiError, isApiError } from '../runsignup/errors';
import { refusalScope } from '../runsignup/error-parsing';
import type { ResultReceipt, UserResultRow } from '../runsignup/types';
import type { StoredEntry } from './entry-row';
import type { Batch, ResultOutbox } from './outbox';

/**
 * Entries per POST. RunSignup documents no limit, so the size trades round trips against the
 * cost of one request going wrong:
 * - a row is ~120 bytes of JSON (~200 form-encoded): 100 rows ≈ 20 KB, far from any body limit;
 * - RunSignup writes every row server-side; a few hundred rows could approach the client's
 *   15 s timeout, and a timed-out POST is ambiguous (sent again, harmless but slow);
 * - a bad row costs about 2·log2(n) extra requests to isolate (≈ 14 for 100);
 * - a failure (timeout, throttle) re-sends at most this many rows.
 * 100 sends the largest realistic paste (a few thousand rows) in tens of requests.
 */
export const RESULT_BATCH_SIZE = 100;

/** Identical failures in a row before a batch is set aside. */
export const SET_ASIDE_AFTER = 5;

export interface FlushBackoff {
  /** The first wait after a failure; it doubles with each failure in a row. */
  baseMs: number;
  /** No wait is longer (except a longer Retry-After, honoured up to `maxRetryAfterMs`). */
  maxMs: number;
  /** Throttled waits start this many times longer (default THROTTLE_FACTOR = 4). */
  throttleFactor?: number;
  /** The longest Retry-After believed (default 1 hour). */
  maxRetryAfterMs?: number;
}

/** 2 s, 4 s, 8 s … 5 min (with jitter). */
export const DEFAULT_FLUSH_BACKOFF: FlushBackoff = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** What the flusher needs of the connectivity monitor (ConnectivityMonitor fits). */
export interface FlushConnectivity {
  onOnline(listener: () => void): () => void;
}

export interface ResultFlusherOptions {
  /** The flusher's side of the entry table. */
  outbox: ResultOutbox;
  client: Pick<RunSignupClient, 'postUserResults'>;
  raceId: number;
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
  /**
   * RunSignup refused an entry of `eventId` for lacking elevation gain (its words in
   * `message`): the event requires it from now on.
   */
  onElevationRequired?: (eventId: number, message: string) => void;
  /**
   * Whether the event is marked "elevation required": its entries without elevation are parked
   * here, without a request (RunSignup would refuse each, at ~14 requests to isolate it).
   */
  requiresElevation?: (eventId: number) => boolean;
}

export interface FlusherState {
  /** Why the queue is paused (bad key, no permission), or null. */
  pausedReason: string | null;
  /** When the next try is due after a failure (ms since the epoch), or null. */
  nextAttemptAt: number | null;
  /** A batch is in flight. */
  sending: boolean;
}

/**
 * Whether RunSignup refused a row for lacking elevation gain. RunSignup gives this refusal no
 * code of its own (it is a code 3, docs/RUNSIGNUP.md §2), so its words are the only sign: the
 * one place the kiosk reads an error message.
 */
export function isMissingElevation(entry: StoredEntry, message: string): boolean {
  return entry.elevationMm === null && /elevation/i.test(message);
}

/**
 * A failure in RunSignup's own words (an error code in its answer), which may repeat for as long
 * as the batch does. A lost connection, a cut-off answer, a web server's error page or a
 * throttle says nothing about the batch (RunSignup may be down for everyone): never counted.
 */
function isAboutTheBatch(error: ApiError): boolean {
  if (error.details.network || error.details.code === undefined) return false;
  return error.kind !== 'throttled' && error.kind !== 'needs-user';
}

const ELEVATION_REQUIRED =
  'Elevation gain is required for this event (RunSignup refused a result without it). Add the elevation in mm and send it again.';

function setAsideMessage(error: ApiError): string {
  return `Set aside: RunSignup gave the same answer to ${SET_ASIDE_AFTER} tries in a row (${error.message}). The rest of the queue went on. Send it again when the problem is solved, or delete it.`;
}

type PostOutcome = { ok: true; receipts: ResultReceipt[] } | { ok: false; error: ApiError };

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError('transient', `Sending results failed unexpectedly: ${message}`);
}

function toRow(e: StoredEntry): UserResultRow {
  return {
    registrationId: e.registrationId,
    bib: e.bib,
    clockTime: e.clockTime,
    ...(e.tally === undefined ? {} : { tally: e.tally }),
    ...(e.elevationMm === null ? {} : { elevationMm: e.elevationMm }),
  };
}

export class ResultFlusher {
  private readonly outbox: ResultOutbox;
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
      await this.deliver(batch, batch.entries, false);
      this.failures = 0;
      this.holdUntil = null;
    } catch (e) {
      this.failed(ids, asApiError(e), batch);
    } finally {
      this.inFlight = false;
      this.emit();
    }
  }

  /**
   * Sends `entries` (all `sending`) and settles each as sent or needs_fix. Throws the ApiError
   * of any failure but a permanent one. Returns true when every entry was sent.
   * `knownBad`: a larger request holding exactly these entries was refused, so split at once.
   */
  private async deliver(
    batch: Batch,
    entries: readonly StoredEntry[],
    knownBad: boolean,
  ): Promise<boolean> {
    const missing = this.opts.requiresElevation?.(batch.eventId)
      ? entries.filter((e) => e.elevationMm === null)
      : [];
    if (missing.length > 0) {
      this.park(
        missing.map((entry) => ({ entry, message: ELEVATION_REQUIRED })),
        batch.eventId,
      );
      const rest = entries.filter((e) => e.elevationMm !== null);
      if (rest.length > 0) await this.deliver(batch, rest, false);
      return false;
    }
    if (knownBad && entries.length > 1) return this.split(batch, entries);
    const outcome = await this.post(batch, entries);
    if (!outcome.ok) return this.refused(batch, entries, outcome.error);
    return this.settle(entries, outcome.receipts);
  }

  /**
   * One POST of `entries`: their receipts, or the permanent refusal. Any other failure is
   * thrown (it stops the batch: send() puts its unsettled entries back in the queue).
   */
  private async post(batch: Batch, entries: readonly StoredEntry[]): Promise<PostOutcome> {
    try {
      const receipts = await this.opts.client.postUserResults({
        raceId: this.opts.raceId,
        eventId: batch.eventId,
        ...(batch.resultSetId === null ? {} : { resultSetId: batch.resultSetId }),
        rows: entries.map(toRow),
      });
      return { ok: true, receipts };
    } catch (e) {
      const error = asApiError(e);
      // Nothing of this race can be sent: the queue pauses and keeps every row.
      if (error.kind === 'permanent' && refusalScope(error.details) === 'race') {
        throw new ApiError(
          'needs-user',
          `RunSignup does not know race ${this.opts.raceId} (${error.message}). Check the race and the RunSignup address in Settings; every result is kept.`,
          error.details,
        );
      }
      if (error.kind !== 'permanent') throw error;
      return { ok: false, error };
    }
  }

  /**
   * A refusal with a code the kiosk does not know: the halves are tried first. When both are
   * refused with that same code it is about the request, not the rows: the queue pauses
   * (thrown as needs-user) and every row is kept. Otherwise the halves settle as usual.
   */
  private async unknownCode(
    batch: Batch,
    entries: readonly StoredEntry[],
    error: ApiError,
  ): Promise<boolean> {
    const mid = Math.ceil(entries.length / 2);
    const left = entries.slice(0, mid);
    const right = entries.slice(mid);
    const same = (o: PostOutcome): boolean => !o.ok && o.error.details.code === error.details.code;
    const leftOutcome = await this.post(batch, left);
    if (!same(leftOutcome)) {
      const leftSent = leftOutcome.ok
        ? this.settle(left, leftOutcome.receipts)
        : await this.refused(batch, left, leftOutcome.error);
      await this.deliver(batch, right, leftSent);
      return false;
    }
    const rightOutcome = await this.post(batch, right);
    if (same(rightOutcome)) {
      throw new ApiError(
        'needs-user',
        `RunSignup refused every part of a batch of results with an error this kiosk does not know (${error.message}). Sending is paused and every result is kept; press "Try sending again" once RunSignup has been asked about it.`,
        error.details,
      );
    }
    if (rightOutcome.ok) this.settle(right, rightOutcome.receipts);
    else await this.refused(batch, right, rightOutcome.error);
    if (!leftOutcome.ok) await this.refused(batch, left, leftOutcome.error);
    return false;
  }

  /** A permanent refusal of `entries`: find and park the bad ones, send the rest. */
  private async refused(
    batch: Batch,
    entries: readonly StoredEntry[],
    error: ApiError,
  ): Promise<boolean> {
    const scope = refusalScope(error.details);
    if (entries.length === 1 || scope === 'request') {
      this.park(
        entries.map((e) => ({ entry: e, message: error.message })),
        batch.eventId,
      );
      return false;
    }
    const named = error.details.rowErrors ?? [];
    if (named.length === 0 && scope === 'unknown') {
      return this.unknownCode(batch, entries, error);
    }
    const bad = new Map<number, string>();
    for (const r of named) {
      const entry = entries[r.index];
      if (entry && (r.registrationId === undefined || r.registrationId === entry.registrationId)) {
        bad.set(entry.id, `RunSignup refused this result: ${r.message}`);
      }
    }
    if (bad.size === 0 || bad.size !== named.length) return this.split(batch, entries);
    this.park(
      entries.flatMap((e) => (bad.has(e.id) ? [{ entry: e, message: bad.get(e.id) ?? '' }] : [])),
      batch.eventId,
    );
    const good = entries.filter((e) => !bad.has(e.id));
    // RunSignup may have stored the good rows already; sending them again is harmless and
    // brings their receipts.
    if (good.length > 0) await this.deliver(batch, good, false);
    return false;
  }

  private async split(batch: Batch, entries: readonly StoredEntry[]): Promise<boolean> {
    const mid = Math.ceil(entries.length / 2);
    const leftSent = await this.deliver(batch, entries.slice(0, mid), false);
    // The whole was refused: if the left half went through, the bad entries are on the right.
    await this.deliver(batch, entries.slice(mid), leftSent);
    return false;
  }

  private park(
    parked: ReadonlyArray<{ entry: StoredEntry; message: string }>,
    eventId: number,
  ): void {
    this.outbox.park(parked.map((p) => ({ id: p.entry.id, error: p.message, kind: 'permanent' })));
    this.opts.logger.warn('RunSignup refused results; they need fixing', {
      entries: parked.map((p) => p.entry.id),
      message: parked[0]?.message,
    });
    const elevation = parked.find((p) => isMissingElevation(p.entry, p.message));
    if (elevation) this.opts.onElevationRequired?.(eventId, elevation.message);
    this.emit();
  }

  /**
   * Marks entries sent. RunSignup answered without an error, so it stored them all; an entry
   * whose receipt is missing or unreadable is sent with "receipt unreadable".
   */
  private settle(entries: readonly StoredEntry[], receipts: readonly ResultReceipt[]): boolean {
    const byRegistration = new Map(receipts.map((r) => [r.registrationId, r]));
    const sent = entries.map((e) => ({
      id: e.id,
      receipt: byRegistration.get(e.registrationId) ?? null,
    }));
    this.outbox.markSent(sent, this.opts.clock.now());
    const unreadable = sent.filter((s) => s.receipt === null).length;
    this.opts.logger.info(`Sent ${sent.length} results to RunSignup`, {
      entries: sent.length,
      ...(unreadable > 0 ? { receiptUnreadable: unreadable } : {}),
    });
    this.emit();
    return true;
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
      ...(isAboutTheBatch(error)
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
    const { baseMs, maxMs } = this.backoff;
    const policy = { attempts: Infinity, baseMs, maxMs };
    if (error.kind !== 'throttled') return backoffMs(this.failures, policy, this.random);
    const factor = this.backoff.throttleFactor ?? THROTTLE_FACTOR;
    const own = backoffMs(
      this.failures,
      { ...policy, baseMs: baseMs * factor, maxMs: Math.max(maxMs, baseMs * factor) },
      this.random,
    );
    const asked = Math.min(
      error.details.retryAfterMs ?? 0,
      this.backoff.maxRetryAfterMs ?? 60 * 60_000,
    );
    return Math.max(own, asked);
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
