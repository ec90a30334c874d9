import type { EventSummary } from '../../../preload/api';

/** A race's events on one day, for Settings' event choice. */
export interface EventDayGroup {
  /** `YYYY-MM-DD`, or null for events RunSignup gave no start time. */
  day: string | null;
  /** e.g. "Thu 26 Nov 2026", or "Date unknown". */
  label: string;
  /** Before the first day in use: an earlier year's (or an earlier day's) events. */
  past: boolean;
  events: EventSummary[];
}

function dayLabel(day: string | null): string {
  if (!day) return 'Date unknown';
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/**
 * Events grouped by the day they start, newest day first (RunSignup lists every year's events;
 * this year's come first, last year's below them, marked past).
 */
export function groupByDay(
  events: readonly EventSummary[],
  inUse: readonly number[],
): EventDayGroup[] {
  const byDay = new Map<string | null, EventSummary[]>();
  for (const e of events) {
    const day = e.startTime ? e.startTime.slice(0, 10) : null;
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const used = new Set(inUse);
  const firstDayInUse = events
    .filter((e) => used.has(e.eventId) && e.startTime)
    .map((e) => (e.startTime as string).slice(0, 10))
    .sort()[0];
  return [...byDay.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? 1 : -1))
    .map(([day, list]) => ({
      day,
      label: dayLabel(day),
      past: day !== null && firstDayInUse !== undefined && day < firstDayInUse,
      events: [...list].sort((x, y) => (x.startTime ?? '').localeCompare(y.startTime ?? '')),
    }));
}
