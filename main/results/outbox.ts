/**
 * The queue side of `result_entries`: every state change the flusher makes, each in one
 * transaction (docs/ARCHITECTURE.md "Rules for the queue", rules 3 and 4).
 *
 * An entry may go out when it is queued, its wait (next_attempt_at) is over, it is the oldest
 * queued entry of its (event, registration), and no entry of that registration is in flight.
 * A batch is the oldest such entries of ONE (event, result set) group, in id order.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ResultReceipt } from '../runsignup/types';
import type { EntryRow, StoredEntry } from './entry-row';
import { SET_ASIDE_KIND, toStoredEntry } from './entry-row';

export interface Batch {
  eventId: number;
  resultSetId: number | null;
  /** Oldest first; one entry per registration; all now `sending`. */
  entries: StoredEntry[];
}

export interface Release {
  /** The failure, shown on each entry. */
  error: string;
  kind: string;
  /** When the entries may go again (null: as soon as the flusher runs). */
  nextAttemptAt: number | null;
  /** Whether this counts as a tried send (a pause for the user does not). */
  countAttempt: boolean;
  /**
   * Set when this failure is one RunSignup gave for this batch itself (not a lost connection,
   * a throttle or a pause): after `after` such failures in a row with the same message, the
   * entry is set aside (needs_fix, kind 'set-aside') with `message`, and the queue goes on.
   */
  setAside?: { after: number; message: string };
}

export interface RecoveryOutcome {
  /** Entries found `sending` (a crash mid-send) and put back in the queue. */
  requeued: number;
  /** Older queued entries replaced by a newer queued one of the same registration. */
  superseded: number;
}

/** Which queued rows may be sent now (`@race`, `@now`); held rows wait for their result set. */
const ELIGIBLE = `
  e.race_id = @race AND e.state = 'queued' AND e.held = 0
  AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= @now)
  AND e.id = (SELECT MIN(q.id) FROM result_entries q
              WHERE q.race_id = e.race_id AND q.event_id = e.event_id
                AND q.registration_id = e.registration_id AND q.state = 'queued')
  AND NOT EXISTS (SELECT 1 FROM result_entries s
                  WHERE s.race_id = e.race_id AND s.event_id = e.event_id
                    AND s.registration_id = e.registration_id AND s.state = 'sending')`;

export class ResultOutbox {
  private readonly firstEligible: Statement;
  private readonly groupEligible: Statement;
  private readonly markSending: Statement;
  private readonly markSentRow: Statement;
  private readonly parkRow: Statement;
  private readonly releaseRow: Statement;
  private readonly setAsideRow: Statement;
  private readonly nextDue: Statement;
  private readonly clearWaitsStmt: Statement;
  private readonly capWaitsStmt: Statement;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {
    this.firstEligible = db.prepare(
      `SELECT e.event_id, e.result_set_id FROM result_entries e WHERE ${ELIGIBLE} ORDER BY e.id LIMIT 1`,
    );
    this.groupEligible = db.prepare(
      `SELECT e.* FROM result_entries e
       WHERE ${ELIGIBLE} AND e.event_id = @event AND e.result_set_id IS @set
       ORDER BY e.id LIMIT @limit`,
    );
    this.markSending = db.prepare(
      `UPDATE result_entries SET state = 'sending' WHERE id = ? AND state = 'queued'`,
    );
    this.markSentRow = db.prepare(
      `UPDATE result_entries SET state = 'sent', sent_at = @now, attempts = attempts + 1,
         next_attempt_at = NULL, last_error = NULL, last_error_kind = NULL,
         receipt_received_ts = @receivedTs, receipt_submitted_ms = @submittedMs,
         receipt_result_set_id = @resultSetId, receipt_unreadable = @unreadable, same_failures = 0
       WHERE id = @id AND state = 'sending'`,
    );
    this.parkRow = db.prepare(
      `UPDATE result_entries SET state = 'needs_fix', attempts = attempts + 1,
         next_attempt_at = NULL, last_error = @error, last_error_kind = @kind, same_failures = 0
       WHERE id = @id AND state = 'sending'`,
    );
    // same_failures counts failures in a row with the same message that RunSignup gave for
    // this batch; any other failure starts the count again.
    this.releaseRow = db.prepare(
      `UPDATE result_entries SET state = 'queued', attempts = attempts + @count,
         next_attempt_at = @next, last_error = @error, last_error_kind = @kind,
         same_failures = CASE WHEN @same = 0 THEN 0
                              WHEN last_error IS @error THEN same_failures + 1 ELSE 1 END
       WHERE id = @id AND state = 'sending'`,
    );
    this.setAsideRow = db.prepare(
      `UPDATE result_entries SET state = 'needs_fix', next_attempt_at = NULL,
         last_error = @message, last_error_kind = '${SET_ASIDE_KIND}', same_failures = 0
       WHERE id = @id AND state = 'queued' AND same_failures >= @after`,
    );
    this.nextDue = db
      .prepare(
        `SELECT MIN(next_attempt_at) FROM result_entries
         WHERE race_id = ? AND state = 'queued' AND next_attempt_at > ?`,
      )
      .pluck();
    this.capWaitsStmt = db.prepare(
      `UPDATE result_entries SET next_attempt_at = @latest
       WHERE race_id = @race AND state = 'queued' AND next_attempt_at > @latest`,
    );
    this.clearWaitsStmt = db.prepare(
      `UPDATE result_entries SET next_attempt_at = NULL
       WHERE race_id = ? AND state = 'queued' AND next_attempt_at IS NOT NULL`,
    );
  }

  /** Picks the next batch and marks it `sending`, in one transaction; null when none may go now. */
  takeBatch(now: number, maxEntries: number): Batch | null {
    return this.db.transaction((): Batch | null => {
      const first = this.firstEligible.get({ race: this.raceId, now }) as
        { event_id: number; result_set_id: number | null } | undefined;
      if (!first) return null;
      const rows = this.groupEligible.all({
        race: this.raceId,
        now,
        event: first.event_id,
        set: first.result_set_id,
        limit: Math.max(1, Math.floor(maxEntries)),
      }) as EntryRow[];
      for (const r of rows) this.markSending.run(r.id);
      return {
        eventId: first.event_id,
        resultSetId: first.result_set_id,
        entries: rows.map((r) => toStoredEntry({ ...r, state: 'sending' })),
      };
    })();
  }

  /**
   * Sending → sent, each with RunSignup's receipt, or with none when RunSignup stored it but
   * its receipt could not be read ("receipt unreadable").
   */
  markSent(sent: ReadonlyArray<{ id: number; receipt: ResultReceipt | null }>, now: number): void {
    this.db.transaction(() => {
      for (const { id, receipt } of sent) {
        this.markSentRow.run({
          id,
          now,
          receivedTs: receipt?.resultsReceivedTs ?? null,
          submittedMs: receipt?.submittedTimeMs ?? null,
          resultSetId: receipt?.resultSetId ?? null,
          unreadable: receipt ? 0 : 1,
        });
      }
    })();
  }

  /** Sending → needs_fix, with the reason the user must see. */
  park(parked: ReadonlyArray<{ id: number; error: string; kind: string }>): void {
    this.db.transaction(() => {
      for (const p of parked) this.parkRow.run(p);
    })();
  }

  /**
   * Sending → queued again (only those still sending; settled ones are left as they are).
   * Returns how many were set aside instead (see `Release.setAside`).
   */
  release(ids: readonly number[], why: Release): number {
    return this.db.transaction(() => {
      let setAside = 0;
      for (const id of ids) {
        this.releaseRow.run({
          id,
          count: why.countAttempt ? 1 : 0,
          next: why.nextAttemptAt,
          error: why.error,
          kind: why.kind,
          same: why.setAside ? 1 : 0,
        });
        if (why.setAside) {
          setAside += this.setAsideRow.run({
            id,
            after: why.setAside.after,
            message: why.setAside.message,
          }).changes;
        }
      }
      return setAside;
    })();
  }

  /** The earliest future time a waiting entry may go, or null. */
  nextDueAt(now: number): number | null {
    const v = this.nextDue.get(this.raceId, now);
    return typeof v === 'number' ? v : null;
  }

  /** No queued entry waits past `latest` (a wait stored before the wall clock was set back). */
  capWaits(latest: number): void {
    this.capWaitsStmt.run({ race: this.raceId, latest });
  }

  /** Every queued entry may go at once (the connection came back). */
  clearWaits(): void {
    this.clearWaitsStmt.run(this.raceId);
  }

  /**
   * Start-up (rule 4): entries left `sending` by a crash go back to `queued` (resending is
   * safe: a post replaces); then of several queued entries of one (event, registration) only
   * the newest stays (sending an older one after a newer one is not safe). Waits are cleared:
   * a restart tries at once.
   */
  recoverInterrupted(): RecoveryOutcome {
    return this.db.transaction((): RecoveryOutcome => {
      const requeued = this.db
        .prepare(
          `UPDATE result_entries SET state = 'queued', next_attempt_at = NULL
           WHERE race_id = ? AND state = 'sending'`,
        )
        .run(this.raceId).changes;
      const superseded = this.db
        .prepare(
          `UPDATE result_entries AS o SET state = 'superseded',
             superseded_by = (SELECT MAX(n.id) FROM result_entries n
                              WHERE n.race_id = o.race_id AND n.event_id = o.event_id
                                AND n.registration_id = o.registration_id AND n.state = 'queued')
           WHERE o.race_id = ? AND o.state = 'queued'
             AND EXISTS (SELECT 1 FROM result_entries n
                         WHERE n.race_id = o.race_id AND n.event_id = o.event_id
                           AND n.registration_id = o.registration_id AND n.state = 'queued'
                           AND n.id > o.id)`,
        )
        .run(this.raceId).changes;
      this.clearWaitsStmt.run(this.raceId);
      return { requeued, superseded };
    })();
  }
}
