/**
 * The race's virtual events as the Results screen sees them: each with its elevation rule
 * (event-rules.ts) and its result sets (result-sets.ts), downloaded with the roster so they are
 * known offline. Settling a set releases the rows held for it.
 */
import type { Database } from 'better-sqlite3';
import type { ResultEvent, ResultSetInfo } from '../../preload/api';
import { AppError } from '../app-error';
import type { Clock } from '../clock';
import type { Logger } from '../logging';
import { cachedEvents, eventSummaries } from '../roster/event-summary';
import type { RosterStore } from '../roster/roster-store';
import type { RunSignupClient } from '../runsignup/client';
import { isApiError } from '../runsignup/errors';
import { EventRules } from './event-rules';
import type { SetChoice } from './result-sets';
import { ResultSetCatalog } from './result-sets';

export interface ResultEventsDeps {
  db: Database;
  raceId: number;
  roster: Pick<RosterStore, 'events' | 'countsByEvent'>;
  client: Pick<RunSignupClient, 'getResultSets'>;
  clock: Clock;
  logger: Logger;
  /** What the screen shows changed (rows, events): it refreshes. */
  changed: () => void;
  /** Held rows were released: the flusher looks for work now. */
  released: () => void;
  /** The events in use (this year's by default); result sets are downloaded for these only. */
  chosenEventIds?: () => number[];
}

export class ResultEvents {
  private readonly rules: EventRules;
  private readonly sets: ResultSetCatalog;

  constructor(private readonly deps: ResultEventsDeps) {
    this.rules = new EventRules(deps.db, deps.raceId);
    this.sets = new ResultSetCatalog(deps.db, deps.raceId);
  }

  /** Every virtual event of the race. */
  list(): ResultEvent[] {
    const { roster } = this.deps;
    const held = this.sets.heldByEvent();
    return eventSummaries(cachedEvents(roster), roster.countsByEvent())
      .filter((e) => e.isVirtual)
      .map((e) => {
        const elevation = this.rules.elevation(e.eventId);
        return {
          eventId: e.eventId,
          name: e.name,
          elevationRequired: elevation.required,
          elevationRequiredBy: elevation.setBy,
          participants: e.participants,
          setsKnown: this.sets.known(e.eventId),
          held: held.get(e.eventId) ?? 0,
        };
      });
  }

  /** The virtual event `eventId`; refused when the race has no such virtual event. */
  get(eventId: number): ResultEvent {
    const event = this.list().find((e) => e.eventId === eventId);
    if (!event)
      throw new AppError('invalid-input', `Event ${eventId} is not a virtual event of this race.`);
    return event;
  }

  /** Whether the event's rows must carry elevation gain. */
  requiresElevation(eventId: number): boolean {
    return this.rules.elevation(eventId).required;
  }

  /** Staff mark an event as requiring elevation gain (or take the mark off). */
  setElevationRequired(eventId: number, required: boolean): ResultEvent[] {
    this.get(eventId);
    this.rules.setElevationRequired(eventId, required, 'staff', this.deps.clock.now());
    this.deps.logger.info('elevation rule set by staff', { eventId, required });
    this.deps.changed();
    return this.list();
  }

  /** RunSignup refused a row of `eventId` for lacking elevation: required from now on. */
  elevationRefused(eventId: number, message: string): void {
    if (this.rules.elevation(eventId).required) return;
    this.rules.setElevationRequired(eventId, true, 'runsignup', this.deps.clock.now());
    this.deps.logger.warn('RunSignup requires elevation gain for this event; marked', {
      eventId,
      message,
    });
  }

  /** Where a row typed now for `eventId` goes, given the set staff picked (null: none picked). */
  resolveSet(eventId: number, requested: number | null): SetChoice {
    return this.sets.resolve(eventId, requested);
  }

  /**
   * Downloads the result sets of the race's virtual events (with the roster, so they are known
   * offline) and releases held rows whose set this settles. One event's failure does not stop
   * the others; the first failure is thrown at the end (the roster sync retries later).
   * The events are asked for all at once (the call limiter keeps the kiosk at 2 calls): the
   * first roster load asks them before its pages, so they are in line together.
   */
  async downloadResultSets(): Promise<void> {
    let failure: unknown = null;
    let released = 0;
    let newlyKnown = 0;
    const chosen = this.deps.chosenEventIds ? new Set(this.deps.chosenEventIds()) : null;
    const virtual = this.deps.roster
      .events()
      .filter((x) => x.isVirtual && (chosen === null || chosen.has(x.eventId)));
    await Promise.all(
      virtual.map(async (e) => {
        try {
          const sets = await this.deps.client.getResultSets(this.deps.raceId, e.eventId);
          if (!this.sets.known(e.eventId)) newlyKnown += 1;
          released += this.sets.save(e.eventId, sets, this.deps.clock.now());
        } catch (err) {
          failure ??= err;
        }
      }),
    );
    if (released > 0) {
      this.deps.logger.info('held results released: their result set is now known', { released });
      this.deps.released();
    }
    // The screen learns of newly known lists and released rows (not of every minute's re-read).
    if (released > 0 || newlyKnown > 0) this.deps.changed();
    if (failure !== null) throw failure;
  }

  /** Staff chose the result set for the event's held rows: they are sent there. */
  sendHeld(eventId: number, resultSetId: number): number {
    const released = this.sets.assignHeld(eventId, resultSetId);
    this.deps.logger.info('held results sent to the chosen result set', {
      eventId,
      resultSetId,
      released,
    });
    this.deps.released();
    this.deps.changed();
    return released;
  }

  /** The event's result sets from RunSignup, or the saved list when RunSignup cannot be reached. */
  async resultSets(
    eventId: number,
  ): Promise<{ sets: ResultSetInfo[]; fromCache: boolean; known: boolean }> {
    const { raceId, client } = this.deps;
    try {
      const sets = await client.getResultSets(raceId, eventId);
      const newlyKnown = !this.sets.known(eventId);
      const released = this.sets.save(eventId, sets, this.deps.clock.now());
      if (released > 0) this.deps.released();
      // The screen learns of a newly known list even when this answer taught it (a retry that
      // got through before the roster sync's own download): its held banner reads it again.
      if (released > 0 || newlyKnown) this.deps.changed();
      return {
        sets: sets.map((s) => ({ resultSetId: s.resultSetId, name: s.name })),
        fromCache: false,
        known: true,
      };
    } catch (e) {
      if (
        !isApiError(e) ||
        (e.kind !== 'transient' && e.kind !== 'throttled' && e.kind !== 'malformed')
      )
        throw e;
      return { sets: this.sets.list(eventId), fromCache: true, known: this.sets.known(eventId) };
    }
  }
}
