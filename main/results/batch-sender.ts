/**
 * Sending one batch to RunSignup and settling each of its entries (docs/ARCHITECTURE.md "Rules
 * for the queue", rule 5; docs/RUNSIGNUP.md §2 and §5):
 * - sent, with RunSignup's receipt. A JSON answer without an error means RunSignup stored the
 *   rows: an entry whose receipt is missing or unreadable is sent with "receipt unreadable"
 *   (docs/RUNSIGNUP.md §7);
 * - needs_fix, with RunSignup's message, when RunSignup refuses it for its data (a permanent
 *   refusal). The batch is split in halves, recursively, until the bad entries stand alone and
 *   the good ones go through. When RunSignup names the refused rows (`rowErrors`) those park at
 *   once. A refusal of the request itself (unknown event) parks the whole batch unsplit.
 * - A refusal with a code the kiosk does not know, given alike for both halves of the batch, is
 *   about the request too: thrown as needs-user (the queue pauses, every row is kept).
 * - A refusal for missing elevation gain marks the event "elevation required" (event-rules.ts)
 *   through `onElevationRequired`; entries of such an event without elevation park unsent.
 * Any other failure (transient, throttled, needs-user, malformed, unknown race) is thrown: the
 * flusher puts the batch's unsettled entries back in the queue (flusher.ts).
 */
import type { Clock } from '../clock';
import type { Logger } from '../logging';
import type { RunSignupClient } from '../runsignup/client';
import { ApiError } from '../runsignup/errors';
import { isElevationRefusal, refusalScope, sameErrorCode } from '../runsignup/error-parsing';
import type { ResultReceipt, UserResultRow } from '../runsignup/types';
import type { StoredEntry } from './entry-row';
import { asApiError } from './flush-policy';
import type { Batch, ResultOutbox } from './outbox';

export interface BatchSenderOptions {
  /** Where entries are settled (sent or needs_fix). */
  outbox: Pick<ResultOutbox, 'markSent' | 'park'>;
  client: Pick<RunSignupClient, 'postUserResults'>;
  raceId: number;
  clock: Clock;
  logger: Logger;
  /** Entries were settled. */
  changed: () => void;
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

/** Whether RunSignup refused this entry for lacking elevation gain. */
export function isMissingElevation(entry: StoredEntry, message: string): boolean {
  return entry.elevationMm === null && isElevationRefusal(message);
}

const ELEVATION_REQUIRED =
  'Elevation gain is required for this event (RunSignup refused a result without it). Add the elevation in mm and send it again.';

type PostOutcome = { ok: true; receipts: ResultReceipt[] } | { ok: false; error: ApiError };

function toRow(e: StoredEntry): UserResultRow {
  return {
    registrationId: e.registrationId,
    bib: e.bib,
    clockTime: e.clockTime,
    ...(e.tally === undefined ? {} : { tally: e.tally }),
    ...(e.elevationMm === null ? {} : { elevationMm: e.elevationMm }),
  };
}

export class BatchSender {
  constructor(private readonly opts: BatchSenderOptions) {}

  /**
   * Sends the batch (its entries all `sending`) and settles each entry as sent or needs_fix.
   * Throws the ApiError of any failure but a permanent refusal of rows.
   */
  async send(batch: Batch): Promise<void> {
    await this.deliver(batch, batch.entries, false);
  }

  /**
   * Sends `entries` and settles them. Returns true when every entry was sent.
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
   * thrown (it stops the batch: the flusher puts its unsettled entries back in the queue).
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
    const same = (o: PostOutcome): boolean =>
      !o.ok && sameErrorCode(o.error.details, error.details);
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
    this.opts.outbox.park(
      parked.map((p) => ({ id: p.entry.id, error: p.message, kind: 'permanent' })),
    );
    this.opts.logger.warn('RunSignup refused results; they need fixing', {
      entries: parked.map((p) => p.entry.id),
      message: parked[0]?.message,
    });
    const elevation = parked.find((p) => isMissingElevation(p.entry, p.message));
    if (elevation) this.opts.onElevationRequired?.(eventId, elevation.message);
    this.opts.changed();
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
    this.opts.outbox.markSent(sent, this.opts.clock.now());
    const unreadable = sent.filter((s) => s.receipt === null).length;
    this.opts.logger.info(`Sent ${sent.length} results to RunSignup`, {
      entries: sent.length,
      ...(unreadable > 0 ? { receiptUnreadable: unreadable } : {}),
    });
    this.opts.changed();
    return true;
  }
}
