/* eslint-disable svelte/prefer-svelte-reactivity -- maps and sets here are replaced whole ($state.raw), never mutated in place */
import type { Api, CheckinStats, FeedDelta, FeedRow } from '../../../preload/api';
import { EMPTY_CHECKIN_STATS } from '../../../preload/api';
import { attempt } from './attempt';

/** How long a live arrival stays highlighted. */
const HIGHLIGHT_MS = 15_000;

const newestFirst = (a: FeedRow, b: FeedRow) =>
  b.checkinTs - a.checkinTs || b.registrationId - a.registrationId;

/**
 * The live check-in feed held by the renderer: every row, newest first, kept current from
 * main's `checkins` events. Rows are stored raw (not deeply reactive) so 50,000 stay cheap.
 */
export class FeedState {
  rows = $state.raw<FeedRow[]>([]);
  stats = $state.raw<CheckinStats>(EMPTY_CHECKIN_STATS);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** When each live arrival reached this screen (not rows from a snapshot or a reset). */
  arrivedAt = $state.raw(new Map<number, number>());

  constructor(private readonly api: Pick<Api, 'on' | 'getFeed'>) {}

  /** Arrived on this screen within the last `ms`. */
  isNew(registrationId: number, now: number, ms = HIGHLIGHT_MS): boolean {
    const at = this.arrivedAt.get(registrationId);
    return at !== undefined && now - at < ms;
  }

  start(): () => void {
    const off = this.api.on('checkins', (d) => this.apply(d));
    void this.load();
    return off;
  }

  /** The whole feed as main holds it now. */
  async load(): Promise<void> {
    const r = await attempt(() => this.api.getFeed());
    if (!r.ok) {
      this.error = r.failure.message;
      return;
    }
    this.rows = r.value.rows;
    this.stats = r.value.stats;
    this.loaded = true;
  }

  apply(delta: FeedDelta): void {
    this.stats = delta.stats;
    this.loaded = true;
    if (delta.reset) {
      this.rows = delta.rows;
      return;
    }
    if (delta.rows.length === 0 && delta.removed.length === 0) return;
    const now = Date.now();
    // Only arrivals still highlighted are remembered.
    const arrived = new Map([...this.arrivedAt].filter(([, at]) => now - at < HIGHLIGHT_MS));
    for (const r of delta.rows)
      if (!arrived.has(r.registrationId)) arrived.set(r.registrationId, now);
    this.arrivedAt = arrived;
    const drop = new Set(delta.removed);
    for (const r of delta.rows) drop.add(r.registrationId);
    const kept = this.rows.filter((r) => !drop.has(r.registrationId));
    const incoming = [...delta.rows].sort(newestFirst);
    // Most arrivals are newer than everything held: put them in front without a full sort.
    if (
      kept.length === 0 ||
      incoming.length === 0 ||
      newestFirst(incoming[incoming.length - 1]!, kept[0]!) <= 0
    ) {
      this.rows = incoming.concat(kept);
    } else {
      this.rows = kept.concat(incoming).sort(newestFirst);
    }
  }
}
