import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/clock';
import { CredentialBook } from '../../../main/simulator/auth';
import type { EndpointDeps, SimRequest } from '../../../main/simulator/endpoints/context';
import type { EventPage } from '../../../main/simulator/endpoints/participants';
import {
  getParticipants,
  participantsJson,
  participantsValue,
} from '../../../main/simulator/endpoints/participants';
import { OptionalKeys } from '../../../main/simulator/optional-keys';
import { Prng } from '../../../main/simulator/prng';
import type { ParticipantPatch } from '../../../main/simulator/race-state';
import { RaceState } from '../../../main/simulator/race-state';
import { generateRace } from '../../../main/simulator/scenario';
import { phpJson, RaceDateFormat } from '../../../main/simulator/v1-encoding';

/**
 * The participants endpoint keeps each row's encoded JSON (deps.participantRows): a page must be
 * byte for byte what encoding the rows afresh gives, whatever happened to the roster meanwhile.
 */

const V1 = { apiKey: 'k'.repeat(32), apiSecret: 's'.repeat(32) };

function simulatorDeps(seed: number, omitRate: number, timeZone: string, clock: Clock) {
  const data = generateRace(new Prng(seed), { participants: 40, pastYears: 1 }, clock.now());
  const state = new RaceState({ ...data, timezone: timeZone }, new Prng(seed + 1), clock);
  const deps: EndpointDeps = {
    state,
    book: new CredentialBook([
      {
        raceId: state.raceId,
        credentials: { v1: V1, v2: { apiKey: 'a', apiSecret: 'b' }, oauth: { accessToken: 'c' } },
      },
    ]),
    races: [{ raceId: state.raceId, name: state.name, genericEntityId: 1 }],
    dates: new RaceDateFormat(timeZone),
    rowErrors: 'whole-request',
    optional: new OptionalKeys(seed + 2, omitRate),
    participantRows: new WeakMap(),
  };
  return deps;
}

/** Text with what PHP escapes: slashes, accents, emoji, lone surrogates, quotes, controls. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('a/b', '</script>', 'Zoë Ågren', '😀', '\u2028', '"\\', '\u007f', "O'Brien"),
);
const maybeNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const patch: fc.Arbitrary<ParticipantPatch> = fc.record(
  {
    first_name: awkwardText,
    middle_name: maybeNull(awkwardText),
    last_name: awkwardText,
    email: maybeNull(awkwardText),
    gender: fc.constantFrom('F', 'M', 'X'),
    phone: maybeNull(awkwardText),
    dob: fc.constantFrom('1980-01-02', '2001-12-31'),
    bib_num: maybeNull(fc.integer({ min: 1, max: 99_999 })),
    chip_num: maybeNull(awkwardText),
    age: fc.integer({ min: 1, max: 99 }),
    team_name: maybeNull(awkwardText),
  },
  { requiredKeys: [] },
);

type Step =
  | { kind: 'modify'; pick: number; patch: ParticipantPatch }
  | { kind: 'add'; n: number; event: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'transfer'; pick: number; event: number }
  | {
      kind: 'page';
      perPage: number;
      page: number;
      reverse: boolean;
      /** Seconds after the start, or null for every row. */
      modifiedAfter: number | null;
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), patch }),
  fc.record({
    kind: fc.constant('add' as const),
    n: fc.integer({ min: 1, max: 3 }),
    event: fc.nat(),
  }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat(), event: fc.nat() }),
  fc.record({
    kind: fc.constant('page' as const),
    perPage: fc.integer({ min: 1, max: 30 }),
    page: fc.integer({ min: 1, max: 4 }),
    reverse: fc.boolean(),
    modifiedAfter: fc.constantFrom(null, 0, 30, 90),
  }),
);

/** Every event's page of the roster as it is now (paged as the endpoint pages). */
function pagesOf(deps: EndpointDeps, s: Extract<Step, { kind: 'page' }>, sinceTs: number) {
  return deps.state.events().map((e): EventPage => {
    const after = s.modifiedAfter;
    const all = deps.state.participants(e.eventId);
    const list = after === null ? all : all.filter((p) => p.last_modified >= sinceTs + after);
    const ordered = s.reverse ? [...list].reverse() : list;
    return {
      eventId: e.eventId,
      rows: ordered.slice((s.page - 1) * s.perPage, s.page * s.perPage),
    };
  });
}

function request(deps: EndpointDeps, query: Record<string, string>): SimRequest {
  return {
    method: 'GET',
    path: `/race/${deps.state.raceId}/participants`,
    query: new URLSearchParams({ ...query, api_key: V1.apiKey, api_secret: V1.apiSecret }),
    headers: {},
    body: Buffer.alloc(0),
    revoked: false,
  };
}

/** The same pages encoded afresh: every row through phpJson now, no kept text. */
function fresh(deps: EndpointDeps, pages: readonly EventPage[]): Buffer {
  return Buffer.from(phpJson(participantsValue(deps, pages)), 'utf8');
}

describe('participants pages from kept row encodings', () => {
  it('are byte for byte a fresh encoding, after any changes to the roster', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(0, 0.3, 1),
        fc.constantFrom('America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        (seed, omitRate, timeZone, steps) => {
          let nowMs = Date.UTC(2026, 4, 2, 12);
          const clock: Clock = { now: () => nowMs };
          const deps = simulatorDeps(seed, omitRate, timeZone, clock);
          const sinceTs = nowMs / 1000;
          const events = deps.state.events();
          const current = deps.state.currentEvents();
          const registration = (pick: number) => {
            const all = deps.state.participants();
            return all.length === 0 ? undefined : all[pick % all.length]!.registration_id;
          };
          // Every row encoded once before anything changes.
          const everything = events.map((e) => ({
            eventId: e.eventId,
            rows: deps.state.participants(e.eventId),
          }));
          expect(participantsJson(deps, everything).equals(fresh(deps, everything))).toBe(true);

          for (const s of steps) {
            nowMs += 7_000;
            const id = 'pick' in s ? registration(s.pick) : undefined;
            if (s.kind === 'modify' && id !== undefined) {
              try {
                deps.state.modifyParticipant(id, s.patch);
              } catch (err) {
                expect(String(err)).toMatch(/Bib \d+ is taken/);
              }
            }
            if (s.kind === 'add')
              deps.state.addParticipants(s.n, current[s.event % current.length]!.eventId);
            if (s.kind === 'remove' && id !== undefined)
              deps.state.removeParticipant(id, 'removed');
            if (s.kind === 'transfer' && id !== undefined)
              deps.state.transferParticipant(id, current[s.event % current.length]!.eventId);
            const pages = s.kind === 'page' ? pagesOf(deps, s, sinceTs) : everything;
            if (s.kind !== 'page')
              for (const page of pages) page.rows = deps.state.participants(page.eventId);
            expect(participantsJson(deps, pages).toString('latin1')).toBe(
              fresh(deps, pages).toString('latin1'),
            );
          }

          // Through the endpoint: a simulator that has kept rows all along answers as a new one.
          const query = {
            format: 'json',
            event_id: events.map((e) => e.eventId).join(','),
            results_per_page: '25',
            sort: 'last_name DESC',
          };
          for (const page of ['1', '2', '3']) {
            const kept = getParticipants(
              request(deps, { ...query, page }),
              deps,
              String(deps.state.raceId),
            );
            const renewed = { ...deps, participantRows: new WeakMap() };
            const anew = getParticipants(
              request(deps, { ...query, page }),
              renewed,
              String(deps.state.raceId),
            );
            expect(kept.status).toBe(200);
            expect(Buffer.from(kept.body).toString('latin1')).toBe(
              Buffer.from(anew.body).toString('latin1'),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('frames pages like json_encode, also with no rows and no events', () => {
    const deps = simulatorDeps(7, 0, 'America/New_York', { now: () => Date.UTC(2026, 4, 2) });
    const [a, b] = deps.state.events();
    const cases: EventPage[][] = [
      [],
      [{ eventId: a!.eventId, rows: [] }],
      [
        { eventId: a!.eventId, rows: deps.state.participants(a!.eventId).slice(0, 2) },
        { eventId: b!.eventId, rows: [] },
      ],
    ];
    for (const pages of cases)
      expect(participantsJson(deps, pages).toString()).toBe(
        phpJson(participantsValue(deps, pages)),
      );
  });

  it('never changes a roster row in place (a kept encoding would go stale)', () => {
    const deps = simulatorDeps(3, 0, 'America/New_York', { now: () => Date.UTC(2026, 4, 2) });
    const before = deps.state.participants()[0]!;
    const after = deps.state.modifyParticipant(before.registration_id, { first_name: 'Zoë/Ann' });
    expect(after).not.toBe(before);
    expect(before.user.first_name).not.toBe('Zoë/Ann');
    expect(deps.state.participant(before.registration_id)).toBe(after);
    expect(() => {
      (after as { age: number }).age = 5;
    }).toThrow(TypeError);
    expect(() => {
      (after.user as { last_name: string }).last_name = 'X';
    }).toThrow(TypeError);
  });
});
