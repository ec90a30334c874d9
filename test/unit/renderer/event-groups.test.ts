import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../preload/api';
import { groupByDay } from '../../../renderer/src/lib/event-groups';

const ev = (eventId: number, name: string, startTime: string | null): EventSummary => ({
  eventId,
  name,
  isVirtual: name.startsWith('Virtual'),
  participants: 0,
  startTime,
});

describe("Settings' event list", () => {
  const events = [
    ev(1, '5K', '2025-11-27T08:00'),
    ev(2, 'Virtual 5K', '2025-11-13T00:00'),
    ev(11, '5K', '2026-11-26T08:00'),
    ev(12, 'Kids Fun Run', '2026-11-26T07:30'),
    ev(13, 'Virtual 5K', '2026-11-12T00:00'),
    ev(20, 'Mystery', null),
  ];

  it('groups by start date, newest first, undated last; earlier years marked past', () => {
    const groups = groupByDay(events, [11, 12, 13]);
    expect(groups.map((g) => [g.day, g.past, g.events.map((e) => e.eventId)])).toEqual([
      ['2026-11-26', false, [12, 11]],
      ['2026-11-12', false, [13]],
      ['2025-11-27', true, [1]],
      ['2025-11-13', true, [2]],
      [null, false, [20]],
    ]);
    expect(groups[0]!.label).toBe('Thu, 26 Nov 2026');
    expect(groups.at(-1)!.label).toBe('Date unknown');
  });

  it('nothing is past when nothing dated is in use', () => {
    expect(groupByDay(events, [20]).some((g) => g.past)).toBe(false);
  });
});
