import { makeParticipant } from './people';
import { Prng } from './prng';
import type { CheckinRow, SimEvent, SimEventType, SimParticipant, SimResultSet } from './race-data';
import { sampleRushTimestamps } from './rush-curve';

/** The shape of the simulated race. Everything not given is derived from the seed. */
export interface ScenarioOptions {
  /** Default 85675. */
  raceId?: number;
  raceName?: string;
  /** Total registrations, spread over the events by `share` (default 600). */
  participants?: number;
  /** Default: 10K, 5K, Kids Fun Run (running_race), Virtual 5K, Virtual Climb Challenge. */
  events?: SimEventSpec[];
  /** Fraction of in-person registrations already checked in at start (default 0). */
  checkedInFraction?: number;
  /** Minutes from now to the first in-person start (default 90): where the rush curve peaks. */
  startsInMinutes?: number;
  /**
   * Past years the race also lists (default 0). Each adds a copy of every event 364 days (a
   * whole number of weeks) earlier per year, with new event ids, runners who wear the same
   * bib numbers as this year's, and their check-ins at that year's times (docs/RUNSIGNUP.md §7).
   */
  pastYears?: number;
}

export interface SimEventSpec {
  eventId: number;
  name: string;
  eventType: SimEventType;
  /** Only meaningful for virtual events (default false). */
  allowElevation?: boolean;
  usesTally?: boolean;
  /** Relative weight when spreading participants (default 1). */
  share?: number;
  /** Names of result sets that already exist for this event (default none). */
  resultSets?: string[];
}

export const DEFAULT_RACE_ID = 85675;

export const DEFAULT_EVENTS: readonly SimEventSpec[] = [
  { eventId: 661701, name: '10K', eventType: 'running_race', share: 0.3 },
  { eventId: 661702, name: '5K', eventType: 'running_race', share: 0.35 },
  { eventId: 661703, name: 'Kids Fun Run', eventType: 'running_race', share: 0.1 },
  { eventId: 661704, name: 'Virtual 5K', eventType: 'virtual_race', share: 0.15 },
  {
    eventId: 661705,
    name: 'Virtual Climb Challenge',
    eventType: 'virtual_challenge',
    allowElevation: true,
    usesTally: true,
    share: 0.1,
    resultSets: ['Climb Challenge Results'],
  },
];

/** The generated race: the starting point of the simulator's state. */
export interface RaceData {
  raceId: number;
  name: string;
  timezone: string;
  createdTs: number;
  firstStartTs: number;
  events: SimEvent[];
  /** Ascending registration_id. */
  participants: SimParticipant[];
  resultSets: SimResultSet[];
  checkins: CheckinRow[];
  /** First bib of each event's block; bibs are unique across the race. */
  bibBase: Map<number, number>;
  nextRegistrationId: number;
  nextUserId: number;
  nextResultSetId: number;
}

const MINUTE = 60;
const DAY = 86400;

function distanceOf(name: string): string | null {
  const m = /(\d+(?:\.\d+)?)\s*(K|M(?:ile)?s?)\b/i.exec(name);
  if (!m) return /kid/i.test(name) ? '1 Mile' : null;
  return /^k$/i.test(m[2] ?? '') ? `${m[1]}K` : `${m[1]} Miles`;
}

function pickWeighted(prng: Prng, weights: readonly number[], total: number): number {
  let x = prng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

export function isVirtual(event: Pick<SimEvent, 'eventType'>): boolean {
  return event.eventType !== 'running_race';
}

/** Builds the race from the seed's generator and the current time (ms). */
export function generateRace(prng: Prng, options: ScenarioOptions, nowMs: number): RaceData {
  const nowTs = Math.floor(nowMs / 1000);
  const raceId = options.raceId ?? DEFAULT_RACE_ID;
  const specs = options.events && options.events.length > 0 ? options.events : DEFAULT_EVENTS;
  const firstStartTs =
    Math.ceil((nowTs + (options.startsInMinutes ?? 90) * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
  const sameDayId = 243601 + prng.int(0, 999);

  let runningIndex = 0;
  const events: SimEvent[] = specs.map((spec) => {
    const virtual = spec.eventType !== 'running_race';
    const startTs = virtual ? firstStartTs - 14 * DAY : firstStartTs + 30 * MINUTE * runningIndex++;
    return {
      eventId: spec.eventId,
      year: 0,
      raceEventDaysId: virtual ? sameDayId + 1 : sameDayId,
      name: spec.name,
      eventType: spec.eventType,
      allowElevation: virtual && (spec.allowElevation ?? false),
      usesTally: virtual && (spec.usesTally ?? false),
      distance: distanceOf(spec.name),
      startTs,
      endTs: virtual ? firstStartTs + 14 * DAY : startTs + 3 * 3600,
      registrationOpensTs: firstStartTs - 150 * DAY,
    };
  });

  const total = Math.max(0, Math.floor(options.participants ?? 600));
  const weights = specs.map((s) => Math.max(0, s.share ?? 1));
  const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
  const block = Math.ceil((total * (Math.max(...weights) / weightSum) * 1.5 + 200) / 1000) * 1000;
  const bibBase = new Map<number, number>();
  const bibNext = new Map<number, number>();
  events.forEach((e, i) => {
    bibBase.set(e.eventId, 1 + i * block);
    bibNext.set(e.eventId, 1 + i * block);
  });

  let registrationId = 40_000_000 + prng.int(0, 9_999_999);
  let userId = 10_000_000 + prng.int(0, 9_999_999);
  const regFrom = firstStartTs - 120 * DAY;
  const regSpan = Math.max(1, nowTs - 3600 - regFrom);
  const participants: SimParticipant[] = [];
  for (let i = 0; i < total; i++) {
    const event = events[pickWeighted(prng, weights, weightSum)] as SimEvent;
    const bib = bibNext.get(event.eventId) ?? 1;
    bibNext.set(event.eventId, bib + 1);
    registrationId += prng.int(1, 40);
    userId += prng.int(1, 90);
    participants.push(
      makeParticipant(prng, {
        registrationId,
        userId,
        event,
        bib: prng.chance(0.01) ? null : bib,
        registrationTs: regFrom + Math.floor(((i + prng.next()) / Math.max(1, total)) * regSpan),
        nowTs,
        raceDayTs: firstStartTs,
      }),
    );
  }

  let resultSetId = 17000 + prng.int(0, 8999);
  const resultSets: SimResultSet[] = [];
  specs.forEach((spec) => {
    for (const name of spec.resultSets ?? []) {
      resultSets.push({
        individual_result_set_id: resultSetId++,
        individual_result_set_name: name,
        event_id: spec.eventId,
        created_ts: firstStartTs - 14 * DAY,
      });
    }
  });

  const checkins = initialCheckins(prng, events, participants, options.checkedInFraction ?? 0, {
    nowTs,
    firstStartTs,
  });

  const data: RaceData = {
    raceId,
    name: options.raceName ?? 'Moorestown Turkey Trot',
    timezone: 'America/New_York',
    createdTs: firstStartTs - 200 * DAY,
    firstStartTs,
    events,
    participants,
    resultSets,
    checkins,
    bibBase,
    nextRegistrationId: registrationId + prng.int(1, 40),
    nextUserId: userId + prng.int(1, 90),
    nextResultSetId: resultSetId,
  };
  const pastYears = Math.max(0, Math.floor(options.pastYears ?? 0));
  // Drawn after this year's race, from its own stream: adding past years changes nothing else.
  if (pastYears > 0) addPastYears(data, new Prng(prng.int(1, 2 ** 31)), pastYears);
  return data;
}

const YEAR = 364 * DAY;

/** Adds `years` earlier copies of this year's events, their runners (bibs reused) and check-ins. */
function addPastYears(data: RaceData, prng: Prng, years: number): void {
  const current = [...data.events];
  const taken = new Set(current.map((e) => e.eventId));
  for (let k = 1; k <= years; k++) {
    let registrationId = 40_000_000 - k * 3_000_000 + prng.int(0, 999_999);
    let userId = 10_000_000 - k * 1_000_000 + prng.int(0, 99_999);
    for (const e of current) {
      let eventId = e.eventId - 1000 * k;
      while (eventId <= 0 || taken.has(eventId)) eventId += 100_000;
      taken.add(eventId);
      const past: SimEvent = {
        ...e,
        eventId,
        year: k,
        raceEventDaysId: e.raceEventDaysId - 10 * k,
        startTs: e.startTs - k * YEAR,
        endTs: e.endTs - k * YEAR,
        registrationOpensTs: e.registrationOpensTs - k * YEAR,
      };
      data.events.push(past);
      const thisYear = data.participants.filter((p) => p.event_id === e.eventId).length;
      const count = Math.round(thisYear * (0.8 + prng.next() * 0.2));
      const firstBib = data.bibBase.get(e.eventId) ?? 1;
      const raceDayTs = data.firstStartTs - k * YEAR;
      const regFrom = raceDayTs - 120 * DAY;
      for (let i = 0; i < count; i++) {
        registrationId += prng.int(1, 40);
        userId += prng.int(1, 90);
        const registrationTs = regFrom + Math.floor(((i + prng.next()) / count) * 119 * DAY);
        const runner = makeParticipant(prng, {
          registrationId,
          userId,
          event: past,
          bib: firstBib + i,
          registrationTs,
          nowTs: raceDayTs,
          raceDayTs,
        });
        data.participants.push(runner);
        if (!isVirtual(past) && prng.chance(0.85)) {
          data.checkins.push({
            registration_id: registrationId,
            checkin_ts: past.startTs - prng.int(5 * MINUTE, 150 * MINUTE),
          });
        }
      }
    }
  }
  data.participants.sort((a, b) => a.registration_id - b.registration_id);
}

function initialCheckins(
  prng: Prng,
  events: SimEvent[],
  participants: SimParticipant[],
  fraction: number,
  at: { nowTs: number; firstStartTs: number },
): CheckinRow[] {
  if (fraction <= 0) return [];
  const inPerson = new Set(events.filter((e) => !isVirtual(e)).map((e) => e.eventId));
  const pool = participants.filter((p) => inPerson.size === 0 || inPerson.has(p.event_id));
  const k = Math.round(Math.min(1, fraction) * pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(prng.next() * (pool.length - i));
    const tmp = pool[i] as SimParticipant;
    pool[i] = pool[j] as SimParticipant;
    pool[j] = tmp;
  }
  const times = sampleRushTimestamps(prng, k, {
    fromTs: Math.min(at.nowTs - 3600, at.firstStartTs - 240 * MINUTE),
    toTs: at.nowTs,
    firstStartTs: at.firstStartTs,
  });
  return pool
    .slice(0, k)
    .map((p, i) => ({ registration_id: p.registration_id, checkin_ts: times[i] ?? at.nowTs }));
}
