import type { Clock } from '../clock';
import { CheckinLog } from './checkin-log';
import { makeParticipant } from './people';
import type { Prng } from './prng';
import type {
  CheckinRow,
  SimEvent,
  RemovedReason,
  SimParticipant,
  SimRemovedParticipant,
  SimResultSet,
  StoredResult,
} from './race-data';
import type { RaceData } from './scenario';
import { isVirtual } from './scenario';

/** Fields `modifyParticipant` may change. */
export interface ParticipantPatch {
  first_name?: string;
  middle_name?: string | null;
  last_name?: string;
  email?: string | null;
  gender?: string;
  phone?: string | null;
  dob?: string;
  bib_num?: number | null;
  chip_num?: string | null;
  age?: number;
  team_name?: string | null;
}

const USER_FIELDS = [
  'first_name',
  'middle_name',
  'last_name',
  'email',
  'gender',
  'phone',
  'dob',
] as const;

/** Stored rows remembered for `resultWrites` (a long practice session stays bounded). */
const MAX_WRITE_LOG = 500_000;

/**
 * The live, mutable race behind the simulator: roster, removals, check-ins, result sets and
 * results. Endpoints read it; SimControl and user-results posts change it.
 */
export class RaceState {
  readonly raceId: number;
  readonly name: string;
  readonly timezone: string;
  readonly createdTs: number;
  readonly firstStartTs: number;

  private readonly eventList: SimEvent[];
  /** Insertion order is ascending registration_id (new ids only ever grow). */
  private readonly roster = new Map<number, SimParticipant>();
  private readonly byBib = new Map<number, number>();
  private rosterByEvent: Map<number, SimParticipant[]> | null = null;
  private readonly removedRows: SimRemovedParticipant[] = [];
  private readonly checkinLog: CheckinLog;
  private readonly sets: SimResultSet[];
  private readonly resultsBySet = new Map<number, Map<number, StoredResult>>();
  private readonly bibNext = new Map<number, number>();
  private nextRegistrationId: number;
  private nextUserId: number;
  private nextResultSetId: number;
  private postSeq = 0;
  /** Every stored row in the order stored (the chaos run checks no runner went back in time). */
  private readonly writeLog: StoredResult[] = [];

  constructor(
    data: RaceData,
    private readonly prng: Prng,
    private readonly clock: Clock,
  ) {
    this.raceId = data.raceId;
    this.name = data.name;
    this.timezone = data.timezone;
    this.createdTs = data.createdTs;
    this.firstStartTs = data.firstStartTs;
    this.eventList = data.events;
    for (const p of data.participants) this.insert(p);
    for (const e of data.events) {
      let next = data.bibBase.get(e.eventId) ?? 1;
      for (const p of this.participants(e.eventId))
        if (p.bib_num !== null && p.bib_num >= next) next = p.bib_num + 1;
      this.bibNext.set(e.eventId, next);
    }
    this.checkinLog = new CheckinLog(data.checkins);
    this.sets = [...data.resultSets];
    this.nextRegistrationId = data.nextRegistrationId;
    this.nextUserId = data.nextUserId;
    this.nextResultSetId = data.nextResultSetId;
  }

  nowTs(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  // ---- events ----

  events(): readonly SimEvent[] {
    return this.eventList;
  }

  event(eventId: number): SimEvent | undefined {
    return this.eventList.find((e) => e.eventId === eventId);
  }

  private requireEvent(eventId: number): SimEvent {
    const event = this.event(eventId);
    if (!event) throw new Error(`No event ${eventId} in race ${this.raceId}`);
    return event;
  }

  setEventAllowsElevation(eventId: number, allow: boolean): void {
    this.requireEvent(eventId).allowElevation = allow;
  }

  // ---- roster ----

  participant(registrationId: number): SimParticipant | undefined {
    return this.roster.get(registrationId);
  }

  /** The registration wearing `bib` in this event's year (bibs repeat from year to year). */
  participantByBib(bib: number, eventId?: number): SimParticipant | undefined {
    if (eventId !== undefined && !this.isCurrent(eventId))
      return this.participants(eventId).find((p) => p.bib_num === bib);
    const id = this.byBib.get(bib);
    return id === undefined ? undefined : this.roster.get(id);
  }

  /** Current registrations in ascending registration_id (one event, or all). */
  participants(eventId?: number): readonly SimParticipant[] {
    if (!this.rosterByEvent) {
      const index = new Map<number, SimParticipant[]>();
      for (const e of this.eventList) index.set(e.eventId, []);
      for (const p of this.roster.values()) index.get(p.event_id)?.push(p);
      this.rosterByEvent = index;
    }
    if (eventId !== undefined) return this.rosterByEvent.get(eventId) ?? [];
    return [...this.roster.values()];
  }

  removed(): readonly SimRemovedParticipant[] {
    return this.removedRows;
  }

  /** This year's events (past years' copies are only there to be listed and read). */
  currentEvents(): SimEvent[] {
    return this.eventList.filter((e) => e.year === 0);
  }

  private isCurrent(eventId: number): boolean {
    return this.event(eventId)?.year === 0;
  }

  /**
   * Puts a row in the roster, frozen: a row is never changed once there (`modifyParticipant`
   * replaces it), so an answer may keep a row's encoded text for as long as it keeps the row.
   */
  private insert(p: SimParticipant): void {
    Object.freeze(p.user.address);
    Object.freeze(p.user);
    this.roster.set(p.registration_id, Object.freeze(p));
    // Bibs are unique within a year; past years reuse them, so only this year's are indexed.
    if (p.bib_num !== null && this.isCurrent(p.event_id))
      this.byBib.set(p.bib_num, p.registration_id);
    this.rosterByEvent = null;
  }

  private takeBib(eventId: number): number {
    let bib = this.bibNext.get(eventId) ?? 1;
    while (this.byBib.has(bib)) bib++;
    this.bibNext.set(eventId, bib + 1);
    return bib;
  }

  /** Late registrations; some have no bib yet. Spread by share over all events unless one is given. */
  addParticipants(n: number, eventId?: number): SimParticipant[] {
    const added: SimParticipant[] = [];
    const nowTs = this.nowTs();
    for (let i = 0; i < n; i++) {
      const event =
        eventId !== undefined ? this.requireEvent(eventId) : this.prng.pick(this.currentEvents());
      this.nextRegistrationId += this.prng.int(1, 40);
      this.nextUserId += this.prng.int(1, 90);
      const p = makeParticipant(this.prng, {
        registrationId: this.nextRegistrationId,
        userId: this.nextUserId,
        event,
        bib: this.prng.chance(0.2) ? null : this.takeBib(event.eventId),
        registrationTs: nowTs,
        nowTs,
        raceDayTs: this.firstStartTs,
      });
      p.last_modified = nowTs;
      this.insert(p);
      added.push(p);
    }
    return added;
  }

  /** Replaces the registration's row with a changed copy (roster rows are never changed in place). */
  modifyParticipant(registrationId: number, patch: ParticipantPatch): SimParticipant {
    const old = this.roster.get(registrationId);
    if (!old) throw new Error(`No registration ${registrationId}`);
    const p: SimParticipant = { ...old, user: { ...old.user } };
    if (patch.bib_num !== undefined && patch.bib_num !== p.bib_num) {
      if (patch.bib_num !== null && this.byBib.has(patch.bib_num))
        throw new Error(`Bib ${patch.bib_num} is taken`);
      if (p.bib_num !== null) this.byBib.delete(p.bib_num);
      if (patch.bib_num !== null) this.byBib.set(patch.bib_num, registrationId);
      p.bib_num = patch.bib_num;
    }
    for (const f of USER_FIELDS) {
      const v = patch[f];
      if (v !== undefined) (p.user as unknown as Record<string, unknown>)[f] = v;
    }
    if (patch.chip_num !== undefined) p.chip_num = patch.chip_num;
    if (patch.age !== undefined) p.age = patch.age;
    if (patch.team_name !== undefined) {
      p.team_name = patch.team_name;
      p.team_id = patch.team_name === null ? null : (p.team_id ?? 70900 + this.prng.int(0, 99));
    }
    p.last_modified = Math.max(p.last_modified, this.nowTs());
    this.insert(p);
    return p;
  }

  removeParticipant(
    registrationId: number,
    reason: RemovedReason,
    newRegistrationId: number | null = null,
  ): SimRemovedParticipant {
    const p = this.roster.get(registrationId);
    if (!p) throw new Error(`No registration ${registrationId}`);
    this.roster.delete(registrationId);
    if (p.bib_num !== null && this.byBib.get(p.bib_num) === registrationId)
      this.byBib.delete(p.bib_num);
    this.rosterByEvent = null;
    this.checkinLog.remove(registrationId);
    const row: SimRemovedParticipant = {
      registration_id: registrationId,
      event_id: p.event_id,
      user: p.user,
      bib_num: p.bib_num,
      removed_reason: reason,
      new_registration_id: newRegistrationId,
      last_modified_ts: this.nowTs(),
    };
    this.removedRows.push(row);
    return row;
  }

  /** Moves a registration to another event: the old one is removed, pointing at the new one. */
  transferParticipant(registrationId: number, toEventId: number): SimParticipant {
    const old = this.roster.get(registrationId);
    if (!old) throw new Error(`No registration ${registrationId}`);
    const to = this.requireEvent(toEventId);
    this.nextRegistrationId += this.prng.int(1, 40);
    const nowTs = this.nowTs();
    const moved: SimParticipant = {
      ...old,
      user: { ...old.user, address: { ...old.user.address } },
      registration_id: this.nextRegistrationId,
      event_id: to.eventId,
      registration_ts: nowTs,
      last_modified: nowTs,
    };
    this.removeParticipant(registrationId, 'transferred', moved.registration_id);
    this.insert(moved);
    return moved;
  }

  // ---- check-ins ----

  /** Records check-ins at `ts` (unix seconds). A registration checked in again moves to the new time. */
  checkIn(registrationIds: readonly number[], ts: number): void {
    for (const id of registrationIds) {
      if (!this.roster.has(id)) throw new Error(`No registration ${id}`);
      this.checkinLog.record(id, ts);
    }
  }

  isCheckedIn(registrationId: number): boolean {
    return this.checkinLog.has(registrationId);
  }

  /** Up to `n` random registrations not checked in yet (in-person events first when `inPersonOnly`). */
  pickUnchecked(n: number, inPersonOnly = false): number[] {
    const current = this.currentEvents();
    const inPerson = new Set(current.filter((e) => !isVirtual(e)).map((e) => e.eventId));
    const thisYear = new Set(current.map((e) => e.eventId));
    const pool: number[] = [];
    for (const p of this.roster.values()) {
      if (this.checkinLog.has(p.registration_id) || !thisYear.has(p.event_id)) continue;
      if (inPersonOnly && inPerson.size > 0 && !inPerson.has(p.event_id)) continue;
      pool.push(p.registration_id);
    }
    const k = Math.min(n, pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.prng.next() * (pool.length - i));
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  }

  /** Check-ins with min <= checkin_ts <= max, in feed order, from `offset`, at most `limit`. */
  checkinsPage(min: number, max: number, offset: number, limit: number): CheckinRow[] {
    return this.checkinLog.page(min, max, offset, limit);
  }

  checkins(): CheckinRow[] {
    return this.checkinLog.all();
  }

  // ---- results ----

  resultSets(eventId: number): SimResultSet[] {
    return this.sets.filter((s) => s.event_id === eventId);
  }

  resultSet(id: number): SimResultSet | undefined {
    return this.sets.find((s) => s.individual_result_set_id === id);
  }

  createResultSet(eventId: number, name: string): SimResultSet {
    this.requireEvent(eventId);
    const set: SimResultSet = {
      individual_result_set_id: this.nextResultSetId++,
      individual_result_set_name: name,
      event_id: eventId,
      created_ts: this.nowTs(),
    };
    this.sets.push(set);
    return set;
  }

  storedResult(resultSetId: number, registrationId: number): StoredResult | undefined {
    return this.resultsBySet.get(resultSetId)?.get(registrationId);
  }

  /** Stores one accepted post's rows (each replaces that registration's row in its set). */
  writeResults(rows: ReadonlyArray<Omit<StoredResult, 'version'>>): StoredResult[] {
    const version = ++this.postSeq;
    return rows.map((r) => {
      const stored: StoredResult = { ...r, version };
      let bySet = this.resultsBySet.get(r.individual_result_set_id);
      if (!bySet) this.resultsBySet.set(r.individual_result_set_id, (bySet = new Map()));
      bySet.set(r.registration_id, stored);
      if (this.writeLog.length < MAX_WRITE_LOG) this.writeLog.push(stored);
      return stored;
    });
  }

  /** Stored rows in the order they were stored (the first MAX_WRITE_LOG of them). */
  resultWrites(): StoredResult[] {
    return this.writeLog.map((r) => ({ ...r }));
  }

  results(eventId?: number): StoredResult[] {
    const out: StoredResult[] = [];
    for (const bySet of this.resultsBySet.values()) {
      for (const r of bySet.values())
        if (eventId === undefined || r.event_id === eventId) out.push({ ...r });
    }
    return out.sort(
      (a, b) =>
        a.individual_result_set_id - b.individual_result_set_id ||
        a.registration_id - b.registration_id,
    );
  }
}
