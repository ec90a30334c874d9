import { describe, expect, it } from 'vitest';
import type { DatedEvent } from '../../../main/roster/event-days';
import {
  checkinCeilingTs,
  checkinFloorTs,
  chosenEventIds,
  defaultEventIds,
  eventDay,
  rosterEventIds,
} from '../../../main/roster/event-days';
import { parseRsuDateTime } from '../../../main/runsignup/wire-values';

const at = (text: string) => parseRsuDateTime(text, 'America/New_York');
const ev = (eventId: number, start: string | null, end: string | null = null): DatedEvent => ({
  eventId,
  startTime: start ? at(start) : null,
  endTime: end ? at(end) : null,
});
const now = (text: string) => at(text)!.epochMs;

// A race as RunSignup lists it: last year's events, this year's, and virtual events that run
// for four weeks around race day.
const race = [
  ev(1, '11/27/2025 08:00', '11/27/2025 11:00'), // last year's 5K
  ev(2, '11/27/2025 09:00'), // last year's kids run (no end time)
  ev(3, '11/13/2025 00:00', '12/11/2025 23:59'), // last year's virtual
  ev(11, '11/26/2026 08:00', '11/26/2026 11:00'), // this year's 5K
  ev(12, '11/26/2026 09:00'), // this year's kids run
  ev(13, '11/12/2026 00:00', '12/10/2026 23:59'), // this year's virtual
];

describe('the default events: the current or next event day', () => {
  it('a week before: the virtual event running now and the coming race day', () => {
    expect(defaultEventIds(race, now('11/19/2026 10:00'))).toEqual([11, 12, 13]);
  });

  it('on race morning, also once the first start has passed (future_events_only would drop it)', () => {
    expect(defaultEventIds(race, now('11/26/2026 06:30'))).toEqual([11, 12, 13]);
    expect(defaultEventIds(race, now('11/26/2026 10:30'))).toEqual([11, 12, 13]);
    // An event without an end time counts as current for the rest of its day.
    expect(defaultEventIds(race, now('11/26/2026 23:00'))).toEqual([11, 12, 13]);
  });

  it('after race day: the virtual event still running', () => {
    expect(defaultEventIds(race, now('11/30/2026 12:00'))).toEqual([13]);
  });

  it('after everything: the last event day', () => {
    expect(defaultEventIds(race, now('1/5/2027 12:00'))).toEqual([11, 12]);
  });

  it("never last year's events while this year's are ahead", () => {
    for (const t of ['10/1/2026 12:00', '11/19/2026 10:00', '11/26/2026 10:30']) {
      const ids = defaultEventIds(race, now(t));
      expect(ids.filter((id) => id < 10)).toEqual([]);
    }
  });

  it('events without a start time are kept (nothing says they are old)', () => {
    expect(defaultEventIds([...race, ev(20, null)], now('11/19/2026 10:00'))).toEqual([
      11, 12, 13, 20,
    ]);
    expect(defaultEventIds([ev(20, null)], now('11/19/2026 10:00'))).toEqual([20]);
  });
});

describe('the choice and what follows from it', () => {
  it("staff's choice wins; an empty or stale choice means the default", () => {
    expect(chosenEventIds(race, [1, 2], now('11/19/2026 10:00'))).toEqual([1, 2]);
    expect(chosenEventIds(race, [], now('11/19/2026 10:00'))).toEqual([11, 12, 13]);
    expect(chosenEventIds(race, [999], now('11/19/2026 10:00'))).toEqual([11, 12, 13]);
  });

  it("check-ins from a week before the earliest chosen event on: last year's are left out", () => {
    const floor = checkinFloorTs(race, [11, 12]);
    expect(floor).toBe(now('11/19/2026 08:00') / 1000);
    expect(checkinFloorTs(race, [11, 13])).toBe(now('11/5/2026 00:00') / 1000);
    expect(checkinFloorTs([...race, ev(20, null)], [11, 20])).toBeNull();
  });

  it("check-ins up to a week after the latest chosen event: this year's are left out of last year's", () => {
    expect(checkinCeilingTs(race, [1, 2])).toBe(now('12/5/2025 09:00') / 1000);
    expect(checkinCeilingTs(race, [11, 13])).toBe(now('12/17/2026 23:59') / 1000);
    expect(checkinCeilingTs([...race, ev(20, null)], [11, 20])).toBeNull();
  });

  it("the roster holds the chosen events' stretch of days, never another year's", () => {
    expect(rosterEventIds(race, [11])).toEqual([11, 12, 13]);
    expect(rosterEventIds(race, [1])).toEqual([1, 2, 3]);
    expect(rosterEventIds([...race, ev(20, null)], [11, 20])).toEqual([11, 20]);
  });

  it('the day of an event is the local date of its start', () => {
    expect(eventDay(race[3]!)).toBe('2026-11-26');
    expect(eventDay(ev(20, null))).toBeNull();
  });
});
