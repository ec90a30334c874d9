import type { Clock } from '../clock';
import type { SyncState } from '../db/sync-state';
import type { Logger } from '../logging';
import { RepeatingJob } from '../repeating-job';
import type { RunSignupClient } from '../runsignup/client';
import { isApiError } from '../runsignup/errors';
import type { CheckinStore, MergeOutcome } from './checkin-store';

export interface CheckinPollerOptions {
  client: Pick<RunSignupClient, 'fetchCheckinsSince'>;
  raceId: number;
  store: CheckinStore;
  sync: SyncState;
  clock: Clock;
  logger: Logger;
  /** Between polls (the "poll interval" setting). */
  intervalMs: () => number;
  isOnline: () => boolean;
  /** Seconds re-read before the watermark each poll (late clocks, same-second arrivals). */
  overlapS?: number;
  /** A full reconciliation this often, so late uploads with old timestamps appear. */
  reconcileEveryMs?: number;
  /**
   * The last `recentWindowS` seconds are re-read this often (instead of that poll's incremental
   * read, so never an extra call): a device that uploads late appears within a minute.
   */
  recentEveryMs?: number;
  recentWindowS?: number;
  /**
   * Unix seconds before which check-ins are not asked for (null: from the beginning). RunSignup's
   * feed is race-wide, past years included; this keeps last year's out (event-days.ts).
   */
  floorTs?: () => number | null;
  /** Unix seconds after which check-ins belong to other (later) events and are left out. */
  ceilingTs?: () => number | null;
  /** False while the bounds cannot be known yet (the race's events not loaded): no poll then. */
  ready?: () => boolean;
  onChange: (outcome: MergeOutcome) => void;
  onSynced: (atMs: number) => void;
  onError?: (message: string | null) => void;
}

const WATERMARK = 'checkins.until';
const LAST_FULL = 'checkins.lastFullAt';
const LAST_RECENT = 'checkins.lastRecentAt';
const MAX_BACKOFF_MS = 5 * 60_000;
const NOT_READY_RETRY_MS = 250;

/**
 * Keeps the local check-ins equal to RunSignup's (docs/ARCHITECTURE.md "Rules for the feed"):
 * incremental polls from a watermark minus an overlap, de-duplicated by registration; a re-read
 * of the recent window every 45 s (late uploads); a full reconciliation every few minutes;
 * paused while offline; backing off when throttled.
 */
export class CheckinPoller extends RepeatingJob {
  private backoffMs = 0;
  private readonly overlapS: number;
  private readonly reconcileEveryMs: number;
  private readonly recentEveryMs: number;
  private readonly recentWindowS: number;

  constructor(private readonly opts: CheckinPollerOptions) {
    super();
    this.overlapS = opts.overlapS ?? 120;
    this.reconcileEveryMs = opts.reconcileEveryMs ?? 3 * 60_000;
    // 45 s + the 5 s default poll interval + the call: late check-ins show within the minute
    // RunSignup's own check-in app syncs in.
    this.recentEveryMs = opts.recentEveryMs ?? 45_000;
    // 30 minutes as uploaded, plus the up-to-a-minute it may wait for the re-read.
    this.recentWindowS = opts.recentWindowS ?? 32 * 60;
  }

  /** One poll, now. */
  pollNow(): Promise<void> {
    return this.runNow();
  }

  /** The bounds changed (other events chosen): the next poll re-reads everything, now. */
  reconcileSoon(): void {
    this.opts.sync.set(LAST_FULL, 0);
    this.kick();
  }

  protected async tick(): Promise<number> {
    if (!this.opts.isOnline()) return this.opts.intervalMs();
    // The race's events arrive with the roster's first request: look again shortly.
    if (!(this.opts.ready?.() ?? true)) return Math.min(this.opts.intervalMs(), NOT_READY_RETRY_MS);
    await this.poll();
    this.backoffMs = 0;
    this.opts.onError?.(null);
    return this.opts.intervalMs();
  }

  private async poll(): Promise<void> {
    const { sync, store, clock } = this.opts;
    const now = clock.now();
    const lastFull = sync.getNumber(LAST_FULL);
    const full = lastFull === null || now - lastFull >= this.reconcileEveryMs;
    const lastRecent = sync.getNumber(LAST_RECENT) ?? 0;
    const recent = !full && now - lastRecent >= this.recentEveryMs;
    const watermark = sync.getNumber(WATERMARK);
    const floor = Math.max(0, this.opts.floorTs?.() ?? 0);
    const sinceTs =
      full || watermark === null
        ? floor
        : Math.max(
            floor,
            recent
              ? Math.min(watermark - this.overlapS, Math.floor(now / 1000) - this.recentWindowS)
              : watermark - this.overlapS,
          );
    const result = await this.opts.client.fetchCheckinsSince({ raceId: this.opts.raceId, sinceTs });
    const ceiling = this.opts.ceilingTs?.() ?? null;
    const checkins =
      ceiling === null ? result.checkins : result.checkins.filter((c) => c.checkinTs <= ceiling);
    const outcome = full
      ? store.reconcile(checkins, clock.now())
      : store.merge(checkins, clock.now());
    sync.set(WATERMARK, result.untilTs);
    if (full) sync.set(LAST_FULL, now);
    if (full || recent) sync.set(LAST_RECENT, now);
    this.opts.onSynced(clock.now());
    if (outcome.changed.length || outcome.removed.length) {
      this.opts.logger.info('check-ins updated', {
        full,
        recent,
        changed: outcome.changed.length,
        removed: outcome.removed.length,
      });
      this.opts.onChange({ ...outcome, initial: watermark === null });
    }
  }

  protected failed(e: unknown): number {
    const interval = this.opts.intervalMs();
    if (isApiError(e)) {
      this.opts.onError?.(e.message);
      if (e.kind === 'throttled') {
        this.backoffMs = Math.min(
          MAX_BACKOFF_MS,
          Math.max(e.details.retryAfterMs ?? 0, this.backoffMs * 2 || 30_000),
        );
        this.opts.logger.warn('check-in poll throttled; backing off', { ms: this.backoffMs });
        return this.backoffMs;
      }
      if (e.kind === 'needs-user' || e.kind === 'permanent') return Math.max(interval, 60_000);
      return interval;
    }
    this.opts.logger.error('check-in poll failed', { error: e });
    this.opts.onError?.('Check-in update failed; it will be retried.');
    return interval;
  }
}
