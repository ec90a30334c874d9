/**
 * Which of a race's events are "this year's" (docs/RUNSIGNUP.md §7): RunSignup's GET race lists
 * every event the race ever had, past years included, and bibs repeat from year to year.
 * `future_events_only` is no help (it also drops an event once it has started), so the kiosk
 * works it out from the events' own times. Pure functions.
 */
import type { RsuDateTime } from '../runsignup/types';

export interface DatedEvent {
  eventId: number;
  startTime: RsuDateTime | null;
  endTime: RsuDateTime | null;
}

/** Check-ins this long before the earliest chosen event still belong to it (packet pickup days). */
export const CHECKIN_LEAD_DAYS = 7;
const DAY_MS = 86_400_000;

/** The event's day: the local date of its start (`YYYY-MM-DD`), or null when RunSignup gave none. */
export function eventDay(e: Pick<DatedEvent, 'startTime'>): string | null {
  return e.startTime ? e.startTime.local.slice(0, 10) : null;
}

/** The local date (`YYYY-MM-DD`) of an instant in a timezone. */
function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

/** Started and not over: before its end time, or on its start day when it has none. */
function isCurrent(e: DatedEvent, nowMs: number): boolean {
  if (!e.startTime || e.startTime.epochMs > nowMs) return false;
  if (e.endTime) return nowMs <= e.endTime.epochMs;
  return localDate(nowMs, e.startTime.timeZone) === eventDay(e);
}

/**
 * The events the kiosk uses unless staff chose otherwise: the current event day's (today's,
 * when the race has events today, else the next day with an event still to start) plus any
 * event running now (a virtual event open for weeks). After the race's last day, that day's
 * events. Events without a start time are kept (nothing says they are old).
 */
export function defaultEventIds(events: readonly DatedEvent[], nowMs: number): number[] {
  const dated = events.filter((e) => e.startTime);
  const undated = events.filter((e) => !e.startTime).map((e) => e.eventId);
  const zone = dated[0]?.startTime?.timeZone;
  const today = zone ? localDate(nowMs, zone) : null;
  const days = dated.map(eventDay);
  const upcoming = dated.filter((e) => (e.startTime as RsuDateTime).epochMs > nowMs);
  const day = days.includes(today) ? today : (upcoming.map(eventDay).sort()[0] ?? null);
  const chosen = new Set<number>(undated);
  for (const e of dated) if (isCurrent(e, nowMs) || eventDay(e) === day) chosen.add(e.eventId);
  if (chosen.size === undated.length && dated.length > 0) {
    const lastDay = days.sort().at(-1);
    for (const e of dated) if (eventDay(e) === lastDay) chosen.add(e.eventId);
  }
  return events.map((e) => e.eventId).filter((id) => chosen.has(id));
}

/** Staff's choice when there is one (and it names events of this race), else the default. */
export function chosenEventIds(
  events: readonly DatedEvent[],
  choice: readonly number[],
  nowMs: number,
): number[] {
  const known = new Set(events.map((e) => e.eventId));
  const picked = choice.filter((id) => known.has(id));
  return picked.length > 0 ? picked : defaultEventIds(events, nowMs);
}

/**
 * Unix seconds before which a check-in cannot belong to these events (a week before the
 * earliest of them starts), or null when none has a start time. Last year's check-ins come
 * back from RunSignup's race-wide feed; this keeps them out.
 */
export function checkinFloorTs(
  events: readonly DatedEvent[],
  eventIds: readonly number[],
): number | null {
  const wanted = new Set(eventIds);
  const starts = events
    .filter((e) => wanted.has(e.eventId) && e.startTime)
    .map((e) => (e.startTime as RsuDateTime).epochMs);
  if (starts.length === 0 || starts.length < wanted.size) return null;
  return Math.floor((Math.min(...starts) - CHECKIN_LEAD_DAYS * DAY_MS) / 1000);
}

/**
 * Unix seconds after which a check-in cannot belong to these events (a week after the latest
 * of them ends; a day after its start when it has no end), or null when one has no start time. Keeps this
 * year's check-ins out when staff chose an earlier year's events.
 */
export function checkinCeilingTs(
  events: readonly DatedEvent[],
  eventIds: readonly number[],
): number | null {
  const wanted = new Set(eventIds);
  const chosen = events.filter((e) => wanted.has(e.eventId));
  if (chosen.length === 0 || chosen.some((e) => !e.startTime)) return null;
  const ends = chosen.map((e) => e.endTime?.epochMs ?? e.startTime!.epochMs + DAY_MS);
  return Math.floor((Math.max(...ends) + CHECKIN_LEAD_DAYS * DAY_MS) / 1000);
}

/**
 * The events whose runners the roster holds for a choice: the chosen ones and every other event
 * running in the same stretch of days (between the check-in floor and ceiling), so a check-in for an
 * event of this year that is not shown is still recognised, while other years' runners (and
 * their reused bibs) stay out.
 */
export function rosterEventIds(events: readonly DatedEvent[], chosen: readonly number[]): number[] {
  const floor = checkinFloorTs(events, chosen);
  const ceiling = checkinCeilingTs(events, chosen);
  const wanted = new Set(chosen);
  return events
    .filter((e) => {
      if (wanted.has(e.eventId)) return true;
      if (floor === null || ceiling === null || !e.startTime) return false;
      const startS = e.startTime.epochMs / 1000;
      const endS = (e.endTime?.epochMs ?? e.startTime.epochMs + DAY_MS) / 1000;
      return startS <= ceiling && endS >= floor;
    })
    .map((e) => e.eventId);
}

/** A stored event's times (roster-store keeps them as JSON). */
export function datedEvent(e: {
  eventId: number;
  startTime: string | null;
  endTime: string | null;
}): DatedEvent {
  const read = (json: string | null): RsuDateTime | null => {
    if (!json) return null;
    try {
      const v = JSON.parse(json) as RsuDateTime;
      return typeof v?.epochMs === 'number' && typeof v.local === 'string' ? v : null;
    } catch {
      return null;
    }
  };
  return { eventId: e.eventId, startTime: read(e.startTime), endTime: read(e.endTime) };
}
