import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimParticipant, Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { ManualClock } from '../../doubles/manual-clock';
import { credentialsFor, failure, simClient } from './sim-client';

/** user-results rows by registration id: each runner with its clock time. */
const timed = (...rows: Array<[SimParticipant, string]>) =>
  rows.map(([p, clockTime]) => ({ registrationId: p.registration_id, bib: null, clockTime }));

const VIRTUAL_5K = 661704;
const CLIMB = 661705; // allows elevation, uses tally, has one result set
const TEN_K = 661701;

describe.each(['v1', 'v2', 'oauth'] as const)('every endpoint with %s credentials', (kind) => {
  let sim: Simulator;
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 3,
      clock,
      scenario: { participants: 150, checkedInFraction: 0.4 },
    });
  });
  afterAll(() => sim.close());
  const make = () => simClient(sim, credentialsFor(sim, kind), { clock });

  it('verify returns the race with normalised events', async () => {
    const { client } = make();
    const race = await client.verify(sim.raceId);
    expect(race.raceId).toBe(sim.raceId);
    expect(race.timezone).toBe('America/New_York');
    expect(race.events.map((e) => e.eventId)).toEqual(sim.inspect.events().map((e) => e.eventId));
    const climb = race.events.find((e) => e.eventId === CLIMB);
    expect(climb).toMatchObject({ eventType: 'virtual_challenge', isVirtual: true });
    // RunSignup has no "allows elevation" / "uses tally" field: none is read (docs/RUNSIGNUP.md §7).
    expect(climb).not.toHaveProperty('allowsElevation');
    expect(climb).not.toHaveProperty('usesTally');
    expect(race.events.find((e) => e.eventId === TEN_K)).toMatchObject({ isVirtual: false });
    const simTen = sim.inspect.events().find((e) => e.eventId === TEN_K);
    expect(race.events.find((e) => e.eventId === TEN_K)?.startTime?.epochMs).toBe(
      (simTen?.startTs ?? 0) * 1000,
    );
  });

  it('reads every participant once, matching the simulator', async () => {
    const { client } = make();
    const eventIds = sim.inspect.events().map((e) => e.eventId);
    const seen = [];
    for await (const page of client.participantPages({
      raceId: sim.raceId,
      eventIds,
      perPage: 40,
    })) {
      seen.push(...page.participants);
    }
    const expected = sim.inspect.participants();
    expect(seen).toHaveLength(expected.length);
    const byId = new Map(seen.map((p) => [p.registrationId, p]));
    for (const p of expected) {
      const got = byId.get(p.registration_id);
      expect(got).toMatchObject({
        eventId: p.event_id,
        bib: p.bib_num,
        firstName: p.user.first_name,
        lastName: p.user.last_name,
        age: p.age,
        userId: p.user.user_id,
        lastModified: p.last_modified,
      });
    }
  });

  it('filters participants by modified_after_timestamp', async () => {
    const { client } = make();
    const [first] = sim.inspect.participants(TEN_K);
    if (!first) throw new Error('no participants');
    clock.advance(3600_000);
    sim.control.modifyParticipant(first.registration_id, { last_name: 'Changed', bib_num: null });
    const page = await client.getParticipantsPage({
      raceId: sim.raceId,
      eventIds: [TEN_K],
      page: 1,
      perPage: 100,
      modifiedAfter: Math.floor(clock.now() / 1000),
    });
    expect(page.participants.map((p) => [p.registrationId, p.lastName, p.bib])).toEqual([
      [first.registration_id, 'Changed', null],
    ]);
    expect(page.done).toBe(true);
  });

  it('lists removed and transferred registrations', async () => {
    const { client } = make();
    const [a, b] = sim.inspect.participants(VIRTUAL_5K);
    if (!a || !b) throw new Error('need two participants');
    sim.control.removeParticipant(a.registration_id, 'removed');
    const moved = sim.control.transferParticipant(b.registration_id, TEN_K);
    const removed = await client.removedParticipants({
      raceId: sim.raceId,
      eventIds: [VIRTUAL_5K, TEN_K],
    });
    expect(removed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          registrationId: a.registration_id,
          eventId: VIRTUAL_5K,
          reason: 'removed',
          newRegistrationId: null,
        }),
        expect.objectContaining({
          registrationId: b.registration_id,
          eventId: VIRTUAL_5K,
          newRegistrationId: moved.registration_id,
        }),
      ]),
    );
    expect(removed.every((r) => typeof r.lastModifiedTs === 'number')).toBe(true);
  });

  it('reads check-ins since a time, matching the simulator', async () => {
    const { client } = make();
    const all = sim.inspect.checkins();
    const mid = all[Math.floor(all.length / 2)]?.checkin_ts ?? 0;
    const { checkins, untilTs } = await client.fetchCheckinsSince({
      raceId: sim.raceId,
      sinceTs: mid,
      num: 7,
    });
    expect(untilTs).toBe(Math.floor(clock.now() / 1000));
    expect(checkins).toEqual(
      all
        .filter((c) => c.checkin_ts >= mid)
        .map((c) => ({ registrationId: c.registration_id, checkinTs: c.checkin_ts })),
    );
  });

  it('reads result sets and posts results with receipts', async () => {
    const { client, sent } = make();
    const sets = await client.getResultSets(sim.raceId, CLIMB);
    expect(sets).toEqual(
      sim.inspect.resultSets(CLIMB).map((s) => ({
        resultSetId: s.individual_result_set_id,
        name: s.individual_result_set_name,
      })),
    );
    const [p1, p2] = sim.inspect.participants(CLIMB);
    if (!p1 || !p2) throw new Error('need two climbers');
    const receipts = await client.postUserResults({
      raceId: sim.raceId,
      eventId: CLIMB,
      resultSetId: sets[0]?.resultSetId,
      rows: [
        {
          registrationId: p1.registration_id,
          bib: p1.bib_num,
          clockTime: '00:17:00.1',
          tally: 1.75,
          elevationMm: 1200,
        },
        {
          registrationId: p2.registration_id,
          bib: null,
          clockTime: 'DNF',
          tally: null,
          elevationMm: 0,
        },
      ],
    });
    expect(receipts).toEqual([
      expect.objectContaining({
        registrationId: p1.registration_id,
        bib: p1.bib_num,
        resultSetId: sets[0]?.resultSetId,
        submittedTimeMs: 1_020_100,
        elevationMm: 1200,
        approvalTs: null,
        resultsReceivedTs: Math.floor(clock.now() / 1000),
      }),
      expect.objectContaining({ registrationId: p2.registration_id, bib: p2.bib_num }),
    ]);
    const stored = sim.inspect.results(CLIMB).find((r) => r.registration_id === p1.registration_id);
    expect(stored).toMatchObject({
      clock_time: '00:17:00.1',
      tally_value: 1.75,
      elevation_gain_in_mm: 1200,
    });
    const post = sent.find((r) => r.method === 'POST');
    expect(new URL(post?.url ?? 'x:').searchParams.get('format')).toBe('json');
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('leaves the tally unchanged when it is absent', async () => {
    const { client } = make();
    const [p1] = sim.inspect.participants(CLIMB);
    if (!p1) throw new Error('need a climber');
    await client.postUserResults({
      raceId: sim.raceId,
      eventId: CLIMB,
      rows: [
        {
          registrationId: p1.registration_id,
          bib: null,
          clockTime: '00:20:00.0',
          tally: 3,
          elevationMm: 10,
        },
      ],
    });
    await client.postUserResults({
      raceId: sim.raceId,
      eventId: CLIMB,
      rows: [
        { registrationId: p1.registration_id, bib: null, clockTime: '00:19:00.0', elevationMm: 10 },
      ],
    });
    const stored = sim.inspect.results(CLIMB).find((r) => r.registration_id === p1.registration_id);
    expect(stored).toMatchObject({ clock_time: '00:19:00.0', tally_value: 3 });
  });

  it('rejects a bad row with a permanent error and stores nothing (whole-request mode)', async () => {
    const { client } = make();
    const [p1, p2] = sim.inspect.participants(VIRTUAL_5K).slice(-2);
    if (!p1 || !p2) throw new Error('need two runners');
    const before = sim.inspect.results(VIRTUAL_5K).length;
    const error = await failure(
      client.postUserResults({
        raceId: sim.raceId,
        eventId: VIRTUAL_5K,
        rows: timed([p1, '00:25:00.0'], [p2, 'fast']),
      }),
    );
    expect(error.kind).toBe('permanent');
    expect(error.details.code).toBe(3);
    expect(error.message).toMatch(
      /^RunSignup rejected the request parameters \(error 3: Invalid clock_time: fast.*row 2/,
    );
    expect(sim.inspect.results(VIRTUAL_5K)).toHaveLength(before);
  });

  it('refuses results for an in-person event and an unknown event', async () => {
    const { client } = make();
    const [p] = sim.inspect.participants(TEN_K);
    const row = { registrationId: p?.registration_id ?? 1, bib: null, clockTime: '00:40:00.0' };
    const notVirtual = await failure(
      client.postUserResults({ raceId: sim.raceId, eventId: TEN_K, rows: [row] }),
    );
    expect([notVirtual.kind, notVirtual.details.code]).toEqual(['permanent', 11]);
    const unknown = await failure(client.getResultSets(sim.raceId, 1));
    expect([unknown.kind, unknown.details.code]).toEqual(['permanent', 301]);
    expect(unknown.message).toContain('could not find this event');
  });
});

describe('per-row errors from user-results', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 4, rowErrors: 'per-row', scenario: { participants: 60 } });
  });
  afterAll(() => sim.close());

  it('stores the good rows and throws permanent with the refused rows listed', async () => {
    const { client } = simClient(sim, credentialsFor(sim, 'v1'));
    const [p1, p2, p3] = sim.inspect.participants(VIRTUAL_5K);
    if (!p1 || !p2 || !p3) throw new Error('need three runners');
    const error = await failure(
      client.postUserResults({
        raceId: sim.raceId,
        eventId: VIRTUAL_5K,
        rows: timed([p1, '00:25:00.0'], [p2, '99:99'], [p3, '00:26:00.0']),
      }),
    );
    expect(error.kind).toBe('permanent');
    expect(error.details.rowErrors).toEqual([
      expect.objectContaining({ index: 1, registrationId: p2.registration_id, code: 3 }),
    ]);
    expect(error.message).toMatch(/refused 1 of 3 result rows/);
    expect(
      sim.inspect
        .results(VIRTUAL_5K)
        .map((r) => r.registration_id)
        .sort(),
    ).toEqual([p1.registration_id, p3.registration_id].sort());
  });
});
