/**
 * What the screens show of a race's events (Settings' race card, the Results screen's events):
 * one mapping, whether RunSignup just answered the race (main/app/race-setup.ts) or the roster
 * cache holds it (main/race-session.ts, main/results/result-events.ts).
 */
import type { EventSummary, RaceSummary } from '../../preload/api';
import type { RaceEvent } from '../runsignup/types';
import { datedEvent, defaultEventIds } from './event-days';
import type { RosterStore } from './roster-store';

export type SummarisedEvent = Pick<
  RaceEvent,
  'eventId' | 'name' | 'isVirtual' | 'startTime' | 'endTime'
>;

/** The events, each with its participants in the local roster (none before it is loaded). */
export function eventSummaries(
  events: readonly SummarisedEvent[],
  participants: ReadonlyMap<number, number>,
): EventSummary[] {
  return events.map((e) => ({
    eventId: e.eventId,
    name: e.name,
    isVirtual: e.isVirtual,
    participants: participants.get(e.eventId) ?? 0,
    startTime: e.startTime?.local ?? null,
  }));
}

/** The cached race's events (every event the race ever had), with their times read. */
export function cachedEvents(roster: Pick<RosterStore, 'events'>): SummarisedEvent[] {
  return roster.events().map((e) => ({ ...e, ...datedEvent(e) }));
}

/**
 * A race and its events. `chosen`: the events in use (Settings' choice, else the default);
 * null before any choice (a race RunSignup just answered) means the default.
 */
export function raceSummary(
  race: { raceId: number; name: string },
  events: readonly SummarisedEvent[],
  participants: ReadonlyMap<number, number>,
  chosen: number[] | null,
  nowMs: number,
): RaceSummary {
  const defaults = defaultEventIds(events, nowMs);
  return {
    raceId: race.raceId,
    name: race.name,
    events: eventSummaries(events, participants),
    chosenEventIds: chosen ?? defaults,
    defaultEventIds: defaults,
  };
}
