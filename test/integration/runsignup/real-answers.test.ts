/**
 * The client reads what RunSignup really sends (issue 10, point 1; docs/RUNSIGNUP.md §7), over
 * HTTP from the simulator: every optional key left out, extra keys everywhere, and rows that
 * lack what identifies them (skipped, reported and logged; the page still reads).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnreadableRow } from '../../../main/runsignup/row-reading';
import type { Simulator } from '../../../main/simulator/index';
import { credentialsFor, simClient, smallSimulator } from './sim-client';

/** Registered, as the app is, so these tests also hold after RunSignup's 2027-01-01 cut-off. */
const registered = (sim: Simulator) => ({ getCallerRegistration: () => sim.callerRegistration });

describe('every optional key left out (omitOptionalKeys: 1)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await smallSimulator({ omitOptionalKeys: 1 });
  });
  afterAll(() => sim.close());

  it('reads the race, every participant, removal, check-in and result set, skipping nothing', async () => {
    const unreadable: UnreadableRow[] = [];
    const { client } = simClient(sim, credentialsFor(sim, 'v2'), {
      ...registered(sim),
      onUnreadableRows: (rows) => unreadable.push(...rows),
    });
    const runner = sim.inspect.participants()[0]!;
    sim.control.removeParticipant(runner.registration_id, 'deferred');

    const race = await client.verify(sim.raceId);
    expect(race.timezone).toBeNull();
    const eventIds = race.events.map((e) => e.eventId);
    expect(eventIds).toEqual(sim.inspect.events().map((e) => e.eventId));

    const people = [];
    for await (const page of client.participantPages({ raceId: sim.raceId, eventIds })) {
      people.push(...page.participants);
    }
    expect(people.map((p) => p.registrationId).sort()).toEqual(
      sim.inspect
        .participants()
        .map((p) => p.registration_id)
        .sort(),
    );
    expect(people.every((p) => p.team === null)).toBe(true);

    const removed = await client.removedParticipants({ raceId: sim.raceId, eventIds });
    expect(removed).toMatchObject([{ registrationId: runner.registration_id, reason: 'deferred' }]);

    const { checkins } = await client.fetchCheckinsSince({
      raceId: sim.raceId,
      sinceTs: 0,
      untilTs: 4_000_000_000,
    });
    expect(checkins).toHaveLength(sim.inspect.checkins().length);

    const virtual = race.events.filter((e) => e.isVirtual);
    for (const e of virtual) {
      const sets = await client.getResultSets(sim.raceId, e.eventId);
      expect(sets.map((s) => s.resultSetId)).toEqual(
        sim.inspect.resultSets(e.eventId).map((s) => s.individual_result_set_id),
      );
    }
    expect(unreadable).toEqual([]);
  });
});

describe('rows without what identifies them', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await smallSimulator();
  });
  afterAll(() => sim.close());

  /** The first row of every per-event group loses `key`. */
  const dropFirst = (key: string) => (json: unknown) =>
    (json as Array<{ participants?: Array<Record<string, unknown>> }>).map((group) => ({
      ...group,
      participants: (group.participants ?? []).map((p, i) => {
        if (i > 0) return p;
        const copy = { ...p };
        delete copy[key];
        return copy;
      }),
    }));
  /** The next check-ins answer has its first row changed by `change`. */
  const changeFirstCheckin = (change: (row: Record<string, unknown>) => Record<string, unknown>) =>
    sim.faults.set(
      {
        type: 'rewrite',
        rewrite: (json) => {
          const body = json as { checkin_timestamps: Array<Record<string, unknown>> };
          return {
            checkin_timestamps: body.checkin_timestamps.map((c, i) => (i === 0 ? change(c) : c)),
          };
        },
      },
      { path: /checkin-timestamps/, count: 1 },
    );

  it('a participant without registration_id is skipped, counted and logged; its page still reads', async () => {
    const unreadable: UnreadableRow[] = [];
    const { client, logger } = simClient(sim, credentialsFor(sim, 'v1'), {
      ...registered(sim),
      onUnreadableRows: (rows) => unreadable.push(...rows),
    });
    const eventIds = sim.inspect.events().map((e) => e.eventId);
    await sim.faults.set(
      { type: 'rewrite', rewrite: dropFirst('registration_id') },
      { path: /\/participants$/, count: 1 },
    );
    const page = await client.getParticipantsPage({
      raceId: sim.raceId,
      eventIds,
      page: 1,
      perPage: 2500,
    });
    const groups = eventIds.filter((id) => sim.inspect.participants(id).length > 0).length;
    expect(page.participants).toHaveLength(sim.inspect.participants().length - groups);
    expect(unreadable).toHaveLength(groups);
    expect(unreadable[0]).toMatchObject({
      source: 'participants',
      problems: ['registration_id missing'],
    });
    const warning = logger.lines.find((l) => l.level === 'warn' && /could not be read/.test(l.msg));
    expect(warning?.fields).toMatchObject({
      endpoint: `GET /race/${sim.raceId}/participants`,
      rows: groups,
      problems: ['registration_id missing'],
    });
  });

  it('a skipped row still counts for paging: a full page with an unreadable row is not the last one', async () => {
    const { client } = simClient(sim, credentialsFor(sim, 'v1'), registered(sim));
    // One event, so a page holds exactly perPage rows (the simulator pages per event).
    const [big] = sim.inspect
      .events()
      .map((e) => e.eventId)
      .sort((x, y) => sim.inspect.participants(y).length - sim.inspect.participants(x).length);
    const eventIds = [big!];
    const firstRowOnly = (json: unknown) =>
      (json as Array<{ participants?: Array<Record<string, unknown>> }>).map((group, g) => ({
        ...group,
        participants: (group.participants ?? []).map((p, i) =>
          g === 0 && i === 0 ? { ...p, registration_id: null } : p,
        ),
      }));
    await sim.faults.set(
      { type: 'rewrite', rewrite: firstRowOnly },
      { path: /\/participants$/, count: 1 },
    );
    const people = [];
    for await (const page of client.participantPages({
      raceId: sim.raceId,
      eventIds,
      perPage: 20,
    })) {
      people.push(...page.participants);
    }
    expect(sim.inspect.participants(big).length).toBeGreaterThan(20);
    expect(people).toHaveLength(sim.inspect.participants(big).length - 1);

    await changeFirstCheckin((c) => ({ ...c, checkin_ts: 'soon' }));
    const { checkins } = await client.fetchCheckinsSince({
      raceId: sim.raceId,
      sinceTs: 0,
      untilTs: 4_000_000_000,
      num: 5,
    });
    expect(checkins).toHaveLength(sim.inspect.checkins().length - 1);
    await sim.faults.clear();
  });

  it('a check-in without checkin_ts is skipped; the others are read', async () => {
    const unreadable: UnreadableRow[] = [];
    const { client } = simClient(sim, credentialsFor(sim, 'v2'), {
      ...registered(sim),
      onUnreadableRows: (rows) => unreadable.push(...rows),
    });
    await changeFirstCheckin((c) => ({ registration_id: c.registration_id }));
    const rows = await client.getCheckins({ raceId: sim.raceId, page: 1, num: 1250 });
    expect(rows).toHaveLength(sim.inspect.checkins().length - 1);
    expect(unreadable.map((u) => u.problems)).toEqual([['checkin_ts missing']]);
    await sim.faults.clear();
  });
});
