/**
 * The RunSignup simulator: a real HTTP server on 127.0.0.1 that answers the endpoints the kiosk
 * uses the way RunSignup does (docs/RUNSIGNUP.md), from a race generated from a seed.
 * Practice mode runs it inside the main process; every integration test runs against it.
 *
 * It is as strict as RunSignup where RunSignup is known to be strict, and picks the strict
 * reading where RunSignup is silent, so a client that works here also works there:
 * - v1 endpoints answer XML unless `format=json`, and want credentials even for race info.
 * - Check order on v1 endpoints: no credentials (code 7 "Permission Denied") → key (code 6) →
 *   race exists (201) → key's race (7) → event (301).
 * - Before any of that: a third call at once from one caller is refused as throttled (code 14),
 *   and a wrong API caller registration, or none after `registrationRequiredFrom`, fails every
 *   call with HTTP 400 and code 17.
 * - GET race lists every event the race ever had (`scenario.pastYears`), and no event key says
 *   "allows elevation" or "uses tally": the simulator alone knows which events require elevation.
 * - With `omitOptionalKeys`, optional keys are left out of rows (seeded, the same row always
 *   lacks the same keys); rows always carry keys the kiosk does not use (fees, sub_event_ids…).
 * - participants: `event_id` is required; paging applies to each event separately and every
 *   requested event is listed (an empty `participants` once its pages run out).
 * - removed-participants: `removed_reason` is one of cleared, removed, transferred, deferred.
 * - user-results: form body only (urlencoded or multipart); a non-virtual event is code 11;
 *   any bad row rejects the whole request with code 3 "… (row N)" and stores nothing
 *   (`rowErrors: 'per-row'` stores the good rows and lists the bad under `errors`); clock
 *   times are `h[hh]:mm:ss[.s[s[s]]]` or upper-case DQ/DNS/DNF/DNQ; an event with several
 *   result sets needs `individual_result_set_id`; a new set is only created by a post that
 *   stores rows; an event that requires elevation refuses a row without it (code 3,
 *   "elevation_gain_in_mm is required for this event (row N)").
 * - A removed or transferred registration leaves the check-in feed.
 * - JSON is written as PHP does: `\/` and `\uXXXX` escapes.
 *   A participants page is put together from each row's encoded bytes, kept per row: a roster
 *   row is frozen and replaced when modified, never changed in place (race-state.ts).
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { SimCredentials } from './auth';
import { CredentialBook } from './auth';
import type { CallerRegistration } from './caller-registration';
import { CallerGate } from './caller-registration';
import type { EndpointDeps, KnownRace, RowErrorMode } from './endpoints/context';
import type { Fault, FaultControls, FaultScope } from './faults';
import { FaultBoard } from './faults';
import type { LiveOptions } from './live-checkins';
import { LiveCheckins } from './live-checkins';
import { OptionalKeys, omissionRate } from './optional-keys';
import { Prng, streamSeed } from './prng';
import type {
  CheckinRow,
  RemovedReason,
  SimEvent,
  SimParticipant,
  SimRemovedParticipant,
  SimResultSet,
  StoredResult,
} from './race-data';
import type { ParticipantPatch } from './race-state';
import { RaceState } from './race-state';
import type { RequestLogEntry } from './request-log';
import { RequestLog } from './request-log';
import type { ScenarioOptions } from './scenario';
import type { LinkProfile } from './link';
import { generateRace } from './scenario';
import { SimServer } from './server';
import { RaceDateFormat } from './v1-encoding';

export type { AuthMode, SimCredentials } from './auth';
export type { CallerRegistration } from './caller-registration';
export type { RowErrorMode } from './endpoints/context';
export type { Fault, FaultControls, FaultScope } from './faults';
export type { LiveOptions } from './live-checkins';
export type * from './race-data';
export type { ParticipantPatch } from './race-state';
export type { RequestLogEntry } from './request-log';
export type { ScenarioOptions, SimEventSpec } from './scenario';
export { DEFAULT_EVENTS, DEFAULT_RACE_ID } from './scenario';
export { rushIntensity, sampleRushTimestamps } from './rush-curve';

export interface SimulatorOptions {
  /** Default 1. The same seed (and the same clock and calls) gives the same race and answers. */
  seed?: number;
  /** Default systemClock. Check-in and results_received timestamps come from it. */
  clock?: Clock;
  scenario?: ScenarioOptions;
  /** Default 0 (ephemeral). */
  port?: number;
  /** How user-results answers bad rows among good ones (default 'whole-request'). */
  rowErrors?: RowErrorMode;
  /**
   * Leave optional keys out of rows, as real answers do (default false). `true` drops each
   * optional key of each row with chance 0.3; a number in 0..1 is that chance.
   */
  omitOptionalKeys?: boolean | number;
  /** Calls one caller may have open at once before the next is refused with code 14 (default 2). */
  maxConcurrentCalls?: number;
  /** From this date (ISO, by the simulator's clock) a call without a caller registration fails (default 2027-01-01). */
  registrationRequiredFrom?: string;
  /** Answer as over a venue link (round trip, bandwidth, RunSignup's page time, gzip; link.ts). */
  link?: LinkProfile;
}

/** Test, scenario and practice-mode levers. Timestamps are unix seconds. */
export interface SimControl {
  /** Records check-ins at `ts` (default now); an old `ts` is a late upload. */
  checkIn(registrationIds: number[], ts?: number): void;
  /** `n` random registrations not yet checked in, all at the same second `ts` (default now). */
  checkInBurst(n: number, ts?: number): number[];
  /** `n` random registrations checked in by a device that was offline `secondsAgo` (a few seconds apart). */
  lateUpload(n: number, secondsAgo: number): number[];
  addParticipants(n: number, eventId?: number): SimParticipant[];
  /** Changes fields and bumps last_modified to now. */
  modifyParticipant(registrationId: number, patch: ParticipantPatch): SimParticipant;
  /** Moves the registration to removed-participants (default reason "removed"). */
  removeParticipant(registrationId: number, reason?: RemovedReason): SimRemovedParticipant;
  /** Removes the registration, pointing (new_registration_id) at a new one in `toEventId`. */
  transferParticipant(registrationId: number, toEventId: number): SimParticipant;
  /** Every credential answers as invalid until restored. */
  revokeCredentials(): void;
  restoreCredentials(): void;
  /** The caller registration answers as wrong (HTTP 400, code 17) until restored. */
  revokeCallerRegistration(): void;
  restoreCallerRegistration(): void;
  /** A timer adding check-ins along the packet-pickup rush curve (replaces a running one). */
  startLive(opts: LiveOptions): void;
  stopLive(): void;
  setEventAllowsElevation(eventId: number, allow: boolean): void;
  /** Adds a result set to an event (with two or more, posts must name one). */
  createResultSet(eventId: number, name: string): SimResultSet;
}

/** Read-only views for tests (copies; changing them changes nothing). */
export interface SimInspect {
  events(): SimEvent[];
  results(eventId?: number): StoredResult[];
  /** Every result row stored, in the order RunSignup stored them (`version` is the post). */
  resultWrites(): StoredResult[];
  resultSets(eventId: number): SimResultSet[];
  /** All check-ins in feed order (checkin_ts, then registration_id). */
  checkins(): CheckinRow[];
  participants(eventId?: number): SimParticipant[];
  removed(): SimRemovedParticipant[];
  requests(): RequestLogEntry[];
  /** With a link profile: calls, bytes on the wire and RunSignup's page time so far. */
  linkTotals(): { calls: number; bytes: number; serverMs: number };
  clearRequests(): void;
}

export interface Simulator {
  /** Base URL including "/rest", e.g. "http://127.0.0.1:54321/rest". */
  readonly url: string;
  readonly raceId: number;
  /** Valid for this race in all three forms. */
  readonly credentials: SimCredentials;
  /** The API caller registration RunSignup issued (`rsu_api_reg` + `X-RSU-API-REG-SECRET`). */
  readonly callerRegistration: CallerRegistration;
  /** Valid keys of another race: they authenticate but have no permission here (v1 code 7, HTTP 403). */
  readonly otherRace: { raceId: number; name: string; credentials: SimCredentials };
  readonly faults: FaultControls;
  readonly control: SimControl;
  readonly inspect: SimInspect;
  close(): Promise<void>;
}

const STREAM = { scenario: 1, credentials: 2, control: 3, live: 4, caller: 5, omit: 6 } as const;
const DEFAULT_REGISTRATION_REQUIRED_FROM = '2027-01-01';

function makeCredentials(prng: Prng): SimCredentials {
  return {
    v1: { apiKey: prng.hex(32), apiSecret: prng.hex(32) },
    v2: { apiKey: prng.hex(32), apiSecret: prng.hex(40) },
    oauth: { accessToken: prng.hex(64) },
  };
}

function copyParticipant(p: SimParticipant): SimParticipant {
  return { ...p, user: { ...p.user, address: { ...p.user.address } } };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? systemClock;
  const data = generateRace(
    new Prng(streamSeed(seed, STREAM.scenario)),
    opts.scenario ?? {},
    clock.now(),
  );
  const state = new RaceState(data, new Prng(streamSeed(seed, STREAM.control)), clock);

  const keys = new Prng(streamSeed(seed, STREAM.credentials));
  const credentials = makeCredentials(keys);
  const otherCredentials = makeCredentials(keys);
  const otherRaceId = state.raceId + 1 + keys.int(0, 999);
  const races: KnownRace[] = [
    { raceId: state.raceId, name: state.name, genericEntityId: 500000 + keys.int(0, 99999) },
    { raceId: otherRaceId, name: 'Another Race 5K', genericEntityId: 600000 + keys.int(0, 99999) },
  ];
  const book = new CredentialBook([
    { raceId: state.raceId, credentials },
    { raceId: otherRaceId, credentials: otherCredentials },
  ]);

  const deps: EndpointDeps = {
    state,
    book,
    races,
    dates: new RaceDateFormat(state.timezone),
    rowErrors: opts.rowErrors ?? 'whole-request',
    optional: new OptionalKeys(streamSeed(seed, STREAM.omit), omissionRate(opts.omitOptionalKeys)),
    participantRows: new WeakMap(),
  };
  const callerPrng = new Prng(streamSeed(seed, STREAM.caller));
  const callerRegistration: CallerRegistration = {
    regId: String(callerPrng.int(1000, 99999)),
    secret: callerPrng.hex(40),
  };
  const requiredFrom = Date.parse(
    opts.registrationRequiredFrom ?? DEFAULT_REGISTRATION_REQUIRED_FROM,
  );
  if (Number.isNaN(requiredFrom)) throw new Error('registrationRequiredFrom must be an ISO date');
  const gate = new CallerGate(callerRegistration, requiredFrom, clock);
  const board = new FaultBoard();
  const log = new RequestLog();
  const server = new SimServer(
    deps,
    board,
    log,
    { gate, maxConcurrent: opts.maxConcurrentCalls ?? 2 },
    opts.link ?? null,
  );
  await server.listen(opts.port ?? 0);

  const livePrng = new Prng(streamSeed(seed, STREAM.live));
  let live: LiveCheckins | undefined;
  const nowTs = (): number => Math.floor(clock.now() / 1000);

  const faults: FaultControls = {
    async set(fault: Fault, scope?: FaultScope) {
      board.set(fault, scope);
      if (board.refusesAll) await server.stopListening();
      else await server.resumeListening();
    },
    async clear() {
      board.clear();
      await server.resumeListening();
    },
    get active() {
      return board.active;
    },
  };

  const control: SimControl = {
    checkIn: (ids, ts) => state.checkIn(ids, ts ?? nowTs()),
    checkInBurst(n, ts) {
      const ids = state.pickUnchecked(n);
      state.checkIn(ids, ts ?? nowTs());
      return ids;
    },
    lateUpload(n, secondsAgo) {
      const ids = state.pickUnchecked(n, true);
      let ts = nowTs() - secondsAgo;
      for (const id of ids) {
        state.checkIn([id], ts);
        ts += 1 + (id % 5);
      }
      return ids;
    },
    addParticipants: (n, eventId) => state.addParticipants(n, eventId).map(copyParticipant),
    modifyParticipant: (id, patch) => copyParticipant(state.modifyParticipant(id, patch)),
    removeParticipant: (id, reason = 'removed') => ({ ...state.removeParticipant(id, reason) }),
    transferParticipant: (id, toEventId) =>
      copyParticipant(state.transferParticipant(id, toEventId)),
    revokeCredentials: () => book.revokeAll(),
    restoreCredentials: () => book.restoreAll(),
    revokeCallerRegistration: () => gate.revoke(),
    restoreCallerRegistration: () => gate.restore(),
    startLive(liveOpts) {
      live?.stop();
      live = new LiveCheckins(state, livePrng, liveOpts);
      live.start();
    },
    stopLive() {
      live?.stop();
      live = undefined;
    },
    setEventAllowsElevation: (eventId, allow) => state.setEventAllowsElevation(eventId, allow),
    createResultSet: (eventId, name) => ({ ...state.createResultSet(eventId, name) }),
  };

  const inspect: SimInspect = {
    events: () => state.events().map((e) => ({ ...e })),
    results: (eventId) => state.results(eventId),
    resultWrites: () => state.resultWrites(),
    resultSets: (eventId) => state.resultSets(eventId).map((s) => ({ ...s })),
    checkins: () => state.checkins(),
    participants: (eventId) => state.participants(eventId).map(copyParticipant),
    removed: () => state.removed().map((r) => ({ ...r })),
    requests: () => log.list(),
    linkTotals: () => ({ ...server.linkTotals }),
    clearRequests: () => log.clear(),
  };

  return {
    get url() {
      return server.baseUrl;
    },
    raceId: state.raceId,
    credentials,
    callerRegistration: { ...callerRegistration },
    otherRace: { raceId: otherRaceId, name: races[1]?.name ?? '', credentials: otherCredentials },
    faults,
    control,
    inspect,
    async close() {
      live?.stop();
      live = undefined;
      await server.close();
    },
  };
}
