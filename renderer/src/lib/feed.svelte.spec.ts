import { describe, expect, it } from 'vitest';
import type { Api, FeedRow } from '../../../preload/api';
import { EMPTY_CHECKIN_STATS } from '../../../preload/api';
import { FeedState } from './feed.svelte';
import { refuse } from './spec-support';

const stats = EMPTY_CHECKIN_STATS;
const row = (
  registrationId: number,
  checkinTs: number,
  name: string | null = 'A Runner',
): FeedRow => ({
  registrationId,
  checkinTs,
  seenAt: 0,
  bib: registrationId,
  name,
  eventId: 1,
  eventName: '5K',
});

describe('the renderer feed state', () => {
  const feed = () => new FeedState({} as Api);

  it('keeps rows newest first as deltas arrive, in any order', () => {
    const f = feed();
    f.apply({ reset: true, rows: [row(2, 200), row(1, 100)], removed: [], stats });
    f.apply({ reset: false, rows: [row(3, 300)], removed: [], stats });
    f.apply({ reset: false, rows: [row(4, 150)], removed: [], stats });
    expect(f.rows.map((r) => r.registrationId)).toEqual([3, 2, 4, 1]);
  });

  it('replaces a row when its name is filled in, and drops removed ones', () => {
    const f = feed();
    f.apply({ reset: true, rows: [row(1, 100, null), row(2, 90)], removed: [], stats });
    f.apply({ reset: false, rows: [row(1, 100, 'Zoë Ågren')], removed: [2], stats });
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]!.name).toBe('Zoë Ågren');
  });

  it('highlights live arrivals only, not rows from a snapshot', () => {
    const f = feed();
    const now = Date.now();
    f.apply({ reset: true, rows: [row(1, 100)], removed: [], stats });
    f.apply({ reset: false, rows: [row(2, 200)], removed: [], stats });
    expect(f.isNew(1, now)).toBe(false);
    expect(f.isNew(2, now)).toBe(true);
    expect(f.isNew(2, now + 20_000)).toBe(false);
  });
});

describe('the feed’s first load', () => {
  it('takes main’s snapshot, or says why there is none', async () => {
    const f = new FeedState({
      on: () => () => {},
      getFeed: async () => ({ rows: [row(1, 100)], stats }),
    });
    await f.load();
    expect([f.loaded, f.rows.length]).toEqual([true, 1]);
    const broken = new FeedState({
      on: () => () => {},
      getFeed: () => refuse('internal', 'The database is locked.'),
    });
    await broken.load();
    expect([broken.loaded, broken.error]).toEqual([false, 'The database is locked.']);
  });
});
