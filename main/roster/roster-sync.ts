import type { RosterProgress } from '../../preload/api';
import type { Clock } from '../clock';
import type { SyncState } from '../db/sync-state';
import type { Logger } from '../logging';
import { RepeatingJob } from '../repeating-job';
import type { RunSignupClient } from '../runsignup/client';
import type { RaceEvent } from '../runsignup/types';
import { isApiError } from '../runsignup/errors';
import type { RosterStore } from './roster-store';

export interface RosterSyncOptions {
  client: Pick<RunSignupClient, 'getRace' | 'participantPages' | 'removedParticipants'>;
  raceId: number;
  store: RosterStore;
  sync: SyncState;
  clock: Clock;
  logger: Logger;
  isOnline: () => boolean;
  /** Between incremental updates. Default 60 s. */
  intervalMs?: number;
  /** Seconds re-read before the last update (RunSignup's modified_after is not exact). */
  overlapS?: number;
  onProgress: (p: RosterProgress) => void;
  /** Registrations added, changed or removed by an incremental update (the first load reports 'done' instead). */
  onChange: (registrationIds: number[]) => void;
  /**
   * The events whose runners the roster holds (default all): RunSignup lists past years' events
   * too, with the same bibs (event-days.ts `rosterEventIds`). A change reloads the roster.
   */
  chooseEvents?: (events: readonly RaceEvent[]) => number[];
  /**
   * Downloads what belongs with the roster so it is known offline (the virtual events' result
   * sets): beside the first load's pages, after each incremental update. Its failure is logged
   * and tried again next time.
   */
  withRoster?: () => Promise<void>;
}

const LOADED_AT = 'roster.loadedAt';
const MODIFIED_AFTER = 'roster.modifiedAfter';
const LAST_COUNT = 'roster.count';
/** The events the stored roster was loaded for (comma-separated ids). */
const LOADED_EVENTS = 'roster.eventIds';

/**
 * The roster cache: a paged first load with progress, then an incremental update every minute
 * (`modified_after_timestamp` with an overlap; upserts de-duplicate), removals and transfers
 * taken off the list.
 */
export class RosterSync extends RepeatingJob {
  private readonly intervalMs: number;
  private readonly overlapS: number;
  private failures = 0;

  constructor(private readonly opts: RosterSyncOptions) {
    super();
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.overlapS = opts.overlapS ?? 300;
  }

  get loaded(): boolean {
    return this.opts.sync.get(LOADED_AT) !== null;
  }

  /** One update now: the first load if the roster was never loaded, else incremental. */
  syncNow(): Promise<void> {
    return this.runNow();
  }

  protected async tick(): Promise<number> {
    if (!this.opts.isOnline()) return 5_000;
    if (this.loaded) await this.incremental();
    else await this.firstLoad();
    this.failures = 0;
    return this.intervalMs;
  }

  /** Saves the race and its events (all of them, for Settings) and returns the chosen ones. */
  private async eventIds(): Promise<number[]> {
    const { client, store, raceId, clock } = this.opts;
    const race = await client.getRace(raceId);
    store.saveRace(race, clock.now());
    return this.opts.chooseEvents?.(race.events) ?? race.events.map((e) => e.eventId);
  }

  async firstLoad(): Promise<void> {
    const { client, store, sync, clock, raceId } = this.opts;
    const startedMs = clock.now();
    const expected = sync.getNumber(LAST_COUNT);
    const progress = (
      phase: RosterProgress['phase'],
      pagesDone: number,
      loaded: number,
      message: string | null = null,
    ) => {
      const seconds = Math.max(0.001, (clock.now() - startedMs) / 1000);
      const rate = loaded / seconds;
      const left =
        expected && rate > 0 && phase === 'loading'
          ? Math.max(0, (expected - loaded) / rate)
          : null;
      this.opts.onProgress({
        phase,
        pagesDone,
        participantsLoaded: loaded,
        rate,
        secondsLeft: left,
        message,
      });
    };
    progress('loading', 0, 0);
    const eventIds = await this.eventIds();
    // Only the chosen events' runners: a roster loaded for other events is started over.
    store.clear();
    sync.set(LOADED_EVENTS, eventIds.join(','));
    // The short calls go first, beside the pages: the removals and what belongs with the roster
    // (result sets). They hold the call slots while RunSignup builds the first pages and the
    // kiosk has nothing to store yet, and once the last page is in nothing is left to ask.
    const removals = client.removedParticipants({ raceId, eventIds });
    // Awaited below, after the pages: a failure fails the load there, as it always did.
    removals.catch(() => undefined);
    const alongside = this.alongside();
    let pages = 0;
    let loaded = 0;
    try {
      // Two pages on the wire while one is stored (a result send or a screen still goes first:
      // call-limiter.ts).
      for await (const page of client.participantPages({ raceId, eventIds, ahead: 2 })) {
        store.upsertParticipants(page.participants);
        pages += 1;
        loaded += page.participants.length;
        progress('loading', pages, loaded);
      }
    } finally {
      // The calls started beside the pages settle before the load ends, even when a page
      // failed: the next try starts over, and a stop closes the database.
      await Promise.allSettled([removals, alongside]);
    }
    // Applied once every page is stored: a removed registration never stays on the roster. One
    // removed after the removals were read is caught by the next incremental update, which
    // reads from the load's start (MODIFIED_AFTER) with its overlap.
    store.applyRemovals(await removals);
    sync.set(MODIFIED_AFTER, Math.floor(startedMs / 1000));
    sync.set(LOADED_AT, clock.now());
    sync.set(LAST_COUNT, store.count());
    progress('done', pages, store.count());
    this.opts.logger.info('roster loaded', {
      participants: store.count(),
      pages,
      ms: clock.now() - startedMs,
    });
  }

  async incremental(): Promise<void> {
    const { client, store, sync, clock, raceId } = this.opts;
    const startedS = Math.floor(clock.now() / 1000);
    const since = Math.max(0, (sync.getNumber(MODIFIED_AFTER) ?? 0) - this.overlapS);
    const eventIds = await this.eventIds();
    if (sync.get(LOADED_EVENTS) !== eventIds.join(',')) {
      this.opts.logger.info('the chosen events changed: loading their roster', { eventIds });
      await this.firstLoad();
      return;
    }
    const changed: number[] = [];
    for await (const page of client.participantPages({ raceId, eventIds, modifiedAfter: since })) {
      const fresh = page.participants.filter((p) => !store.isRemoved(p.registrationId));
      store.upsertParticipants(fresh);
      for (const p of fresh) changed.push(p.registrationId);
    }
    const removed = await client.removedParticipants({ raceId, eventIds, modifiedAfter: since });
    store.applyRemovals(removed);
    sync.set(MODIFIED_AFTER, startedS);
    sync.set(LAST_COUNT, store.count());
    await this.alongside();
    const all = changed.concat(removed.map((r) => r.registrationId));
    if (all.length) this.opts.onChange(all);
  }

  private async alongside(): Promise<void> {
    try {
      await this.opts.withRoster?.();
    } catch (e) {
      this.opts.logger.warn('result sets not downloaded with the roster; tried again next update', {
        error: e,
      });
    }
  }

  protected failed(e: unknown): number {
    this.failures += 1;
    const message = e instanceof Error ? e.message : String(e);
    this.opts.logger.warn('roster update failed', { error: e });
    if (!this.loaded) {
      this.opts.onProgress({
        phase: 'failed',
        pagesDone: 0,
        participantsLoaded: this.opts.store.count(),
        rate: 0,
        secondsLeft: null,
        message,
      });
    }
    const base = isApiError(e) && e.kind === 'throttled' ? 60_000 : 5_000;
    return Math.min(5 * 60_000, base * 2 ** Math.min(this.failures - 1, 6));
  }
}
