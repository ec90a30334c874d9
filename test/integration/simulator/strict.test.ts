// The simulator is as strict as RunSignup (docs/RUNSIGNUP.md §7): each quirk it models has a
// contract test here, talking plain HTTP to it the way any client would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { parseXml } from '../../../main/simulator/xml';
import { get, getCheckins, getJson, postJsonResults, urlFor } from './sim-requests';

type Row = Record<string, unknown>;
interface RaceBody {
  race: Row & { events: Row[] };
}
type ParticipantsBody = Array<{ event: Row; participants: Row[] }>;
type RemovedBody = Array<{ event: { event_id: number; participants: Row[] } }>;

const sims: Simulator[] = [];
async function sim(opts: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  const s = await startSimulator(opts);
  sims.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function allParticipants(s: Simulator, eventIds: number[]): Promise<Row[]> {
  const r = await getJson<ParticipantsBody>(s, `/race/${s.raceId}/participants`, {
    event_id: eventIds.join(','),
    results_per_page: 2500,
  });
  return r.body.flatMap((g) => g.participants);
}

/** The same moment for simulators that must generate the same race. */
const sameNow = () => new ManualClock(Date.UTC(2026, 10, 1, 12, 0, 0));

describe('optional keys left out at random (omitOptionalKeys)', () => {
  let exact: Simulator;
  let sparse: Simulator;
  let allGone: Simulator;
  beforeAll(async () => {
    const scenario = { participants: 200 };
    exact = await sim({ seed: 91, scenario });
    // A fixed clock: the race is generated relative to "now", so two runs must share it.
    sparse = await sim({ seed: 91, scenario, omitOptionalKeys: true, clock: sameNow() });
    allGone = await sim({ seed: 91, scenario, omitOptionalKeys: 1 });
  });
  const ids = (s: Simulator) => s.inspect.events().map((e) => e.eventId);

  it('off by default: every key is there (null when empty)', async () => {
    for (const p of await allParticipants(exact, ids(exact))) {
      expect(p).toHaveProperty('chip_num');
      expect(p).toHaveProperty('registration_date');
      expect(p.user).toHaveProperty('middle_name');
    }
    const race = await getJson<RaceBody>(exact, `/race/${exact.raceId}`);
    expect(race.body.race).toHaveProperty('timezone');
  });

  it('on: some rows lack some optional keys, never what identifies them', async () => {
    const rows = await allParticipants(sparse, ids(sparse));
    expect(rows).toHaveLength(200);
    const lacking = (key: string) => rows.filter((p) => !(key in p)).length;
    for (const key of ['chip_num', 'registration_date', 'team_name', 'age']) {
      expect(lacking(key), key).toBeGreaterThan(20);
      expect(lacking(key), key).toBeLessThan(120);
    }
    expect(rows.filter((p) => !('dob' in (p.user as Row))).length).toBeGreaterThan(20);
    for (const p of rows) {
      expect(typeof p.registration_id).toBe('number');
      expect(typeof p.event_id).toBe('number');
      expect(p).toHaveProperty('bib_num');
      expect(typeof (p.user as Row).first_name).toBe('string');
      expect(typeof (p.user as Row).last_name).toBe('string');
    }
  });

  it('seeded: the same row lacks the same keys on every call and in every run', async () => {
    const again = await sim({
      seed: 91,
      scenario: { participants: 200 },
      omitOptionalKeys: true,
      clock: sameNow(),
    });
    const a = await get(sparse, `/race/${sparse.raceId}/participants`, {
      format: 'json',
      event_id: ids(sparse).join(','),
    });
    const b = await get(sparse, `/race/${sparse.raceId}/participants`, {
      format: 'json',
      event_id: ids(sparse).join(','),
    });
    const c = await get(again, `/race/${again.raceId}/participants`, {
      format: 'json',
      event_id: ids(again).join(','),
    });
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
  });

  it('rate 1: every optional key is gone from race, events, participants, removals and receipts', async () => {
    const race = (await getJson<RaceBody>(allGone, `/race/${allGone.raceId}`)).body.race;
    expect(race).not.toHaveProperty('timezone');
    for (const e of race.events) {
      expect(e).not.toHaveProperty('distance');
      expect(e).not.toHaveProperty('race_event_days_id');
      expect(e).toHaveProperty('start_time');
      if (e.event_type === undefined) expect(e).not.toHaveProperty('end_time');
    }
    // Virtual events keep their type (the only way to know they take results).
    expect(race.events.filter((e) => String(e.event_type).startsWith('virtual'))).toHaveLength(2);
    const p = (await allParticipants(allGone, ids(allGone)))[0] as Row;
    for (const key of ['chip_num', 'registration_date', 'team_name', 'age', 'last_modified'])
      expect(p).not.toHaveProperty(key);
    for (const key of ['middle_name', 'email', 'phone', 'dob', 'gender'])
      expect(p.user).not.toHaveProperty(key);

    const victim = allGone.inspect.participants()[5]!;
    allGone.control.removeParticipant(victim.registration_id, 'deferred');
    const removed = await getJson<RemovedBody>(
      allGone,
      `/race/${allGone.raceId}/removed-participants`,
    );
    const row = removed.body.flatMap((g) => g.event.participants)[0] as Row;
    expect(row).toEqual({
      registration_id: victim.registration_id,
      removed_reason: 'deferred',
      last_modified_ts: expect.any(Number),
    });

    const event = allGone.inspect.events().find((e) => e.allowElevation)!;
    const runner = allGone.inspect.participants(event.eventId)[0]!;
    const posted = await postJsonResults(allGone, event.eventId, [
      { registration_id: runner.registration_id, clock_time: '1:00:00', elevation_gain_in_mm: 5 },
    ]);
    expect(posted.body.virtual_results?.[0]).toEqual({
      registration_id: runner.registration_id,
      bib_num: runner.bib_num,
      results_received_ts: expect.any(Number),
      individual_result_set_id: expect.any(Number),
    });
  });

  it('rows carry keys no client needs (fees, transactions, sub_event_ids, profile_image_url)', async () => {
    const p = (await allParticipants(allGone, ids(allGone)))[0] as Row;
    expect(p).toMatchObject({ race_fee: '$35.00', transactions: [] });
    expect(p.user).toHaveProperty('profile_image_url');
    const race = (await getJson<RaceBody>(allGone, `/race/${allGone.raceId}`)).body.race;
    expect(race.events[0]).toHaveProperty('sub_event_ids');
    expect(race.events[0]).toHaveProperty('registration_periods');
  });
});

describe('past years in GET race (scenario.pastYears)', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  let s: Simulator;
  beforeAll(async () => {
    s = await sim({
      seed: 92,
      clock,
      scenario: { participants: 300, pastYears: 2, checkedInFraction: 0.1 },
    });
  });

  it('lists every event of every year, older years first, each a week-aligned year earlier', async () => {
    const events = (await getJson<RaceBody>(s, `/race/${s.raceId}`)).body.race.events;
    expect(events).toHaveLength(15);
    const byName = (name: string) => events.filter((e) => e.name === name);
    const fives = byName('5K').map((e) => e.start_time as string);
    const years = fives.map((t) => Number(/\/(\d{4}) /.exec(t)?.[1]));
    expect(years).toEqual([2024, 2025, 2026]);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(15);
    // No field says which year an event belongs to: only its dates do.
    expect(events[0]).not.toHaveProperty('year');
  });

  it("bibs repeat across years: last year's bib 12 is another runner", async () => {
    const thisYear = s.inspect.events().find((e) => e.year === 0 && e.name === '5K')!;
    const lastYear = s.inspect.events().find((e) => e.year === 1 && e.name === '5K')!;
    const now = await allParticipants(s, [thisYear.eventId]);
    const then = await allParticipants(s, [lastYear.eventId]);
    const bib = (now[11] as Row).bib_num as number;
    const a = now.find((p) => p.bib_num === bib)!;
    const b = then.find((p) => p.bib_num === bib)!;
    expect(b).toBeDefined();
    expect(b.registration_id).not.toBe(a.registration_id);
    expect(b.event_id).toBe(lastYear.eventId);
  });

  it("the race-wide check-in feed returns last year's check-ins too, at their old times", async () => {
    const old = s.inspect.events().filter((e) => e.year > 0);
    const oldIds = new Set(
      old.flatMap((e) => s.inspect.participants(e.eventId)).map((p) => p.registration_id),
    );
    const r = (await getCheckins(s, { race_id: s.raceId, num: 1250 })).body as {
      checkin_timestamps: Array<{ registration_id: number; checkin_ts: number }>;
    };
    const stale = r.checkin_timestamps.filter((c) => oldIds.has(c.registration_id));
    expect(stale.length).toBeGreaterThan(50);
    const yearAgo = Math.floor(clock.now() / 1000) - 300 * 86400;
    for (const c of stale) expect(c.checkin_ts).toBeLessThan(yearAgo);
  });

  it("future_events_only hides past years but also this year's events once started", async () => {
    const events = (await getJson<RaceBody>(s, `/race/${s.raceId}`, { future_events_only: 'T' }))
      .body.race.events;
    const names = events.map((e) => e.name);
    expect(names).toEqual(['10K', '5K', 'Kids Fun Run']);
    // The virtual events run now (they started two weeks ago): gone from the answer.
    expect(names).not.toContain('Virtual 5K');
  });

  it('results go to the event of that year: a bib resolves within its own year', async () => {
    const thisYear = s.inspect.events().find((e) => e.year === 0 && e.name === 'Virtual 5K')!;
    const runner = s.inspect.participants(thisYear.eventId).find((p) => p.bib_num !== null)!;
    const posted = await postJsonResults(s, thisYear.eventId, [
      { bib_num: runner.bib_num, clock_time: '0:25:00' },
    ]);
    expect(posted.body.virtual_results?.[0]?.registration_id).toBe(runner.registration_id);
    const lastYear = s.inspect.events().find((e) => e.year === 1 && e.name === 'Virtual 5K')!;
    const then = s.inspect
      .participants(lastYear.eventId)
      .find((p) => p.bib_num === runner.bib_num)!;
    const old = await postJsonResults(s, lastYear.eventId, [
      { bib_num: runner.bib_num, clock_time: '0:26:00' },
    ]);
    expect(old.body.virtual_results?.[0]?.registration_id).toBe(then.registration_id);
  });
});

describe('removal reasons as documented', () => {
  let s: Simulator;
  beforeAll(async () => {
    s = await sim({
      seed: 96,
      clock: new ManualClock(Date.UTC(2026, 10, 22, 17, 5, 9)),
      scenario: { participants: 40 },
    });
  });

  it('cleared, removed, deferred and transferred, with last_modified as YYYY-MM-DD HH:MM:SS', async () => {
    const people = s.inspect.participants();
    s.control.removeParticipant(people[0]!.registration_id, 'cleared');
    s.control.removeParticipant(people[1]!.registration_id);
    s.control.removeParticipant(people[2]!.registration_id, 'deferred');
    const other = s.inspect.events().find((e) => e.eventId !== people[3]!.event_id)!;
    const moved = s.control.transferParticipant(people[3]!.registration_id, other.eventId);
    const rows = (
      await getJson<RemovedBody>(s, `/race/${s.raceId}/removed-participants`)
    ).body.flatMap((g) => g.event.participants);
    const reason = (i: number) =>
      rows.find((r) => r.registration_id === people[i]!.registration_id)?.removed_reason;
    expect([reason(0), reason(1), reason(2), reason(3)]).toEqual([
      'cleared',
      'removed',
      'deferred',
      'transferred',
    ]);
    const transfer = rows.find((r) => r.registration_id === people[3]!.registration_id)!;
    expect(transfer.new_registration_id).toBe(moved.registration_id);
    // 17:05:09 UTC is 12:05:09 in New York in November.
    for (const r of rows) expect(r.last_modified).toBe('2026-11-22 12:05:09');
  });
});

describe('XML unless format=json', () => {
  let s: Simulator;
  beforeAll(async () => {
    s = await sim({ seed: 97, scenario: { participants: 10 } });
  });

  it('every v1 endpoint answers XML without format=json, errors included', async () => {
    const event = s.inspect.events()[0]!.eventId;
    for (const path of [
      `/race/${s.raceId}`,
      `/race/${s.raceId}/participants?event_id=${event}`,
      `/race/${s.raceId}/removed-participants`,
      `/race/${s.raceId}/results/get-result-sets?event_id=${event}`,
      `/race/1`,
    ]) {
      const [p, q = ''] = path.split('?');
      const r = await get(s, p!, Object.fromEntries(new URLSearchParams(q)));
      expect(r.headers.get('content-type'), path).toMatch(/xml/);
      expect(() => parseXml(r.text), path).not.toThrow();
    }
    const json = await fetch(urlFor(s, `/race/${s.raceId}`, { format: 'json' }));
    expect(json.headers.get('content-type')).toMatch(/json/);
  });
});

describe('missing elevation where the event requires it', () => {
  it('is refused with v1 code 3 naming the field and the row; the answer never says which events require it', async () => {
    const s = await sim({ seed: 98, scenario: { participants: 40 } });
    const event = s.inspect.events().find((e) => e.allowElevation)!;
    const runner = s.inspect.participants(event.eventId)[0]!;
    const r = await postJsonResults(s, event.eventId, [
      { registration_id: runner.registration_id, clock_time: '1:00:00' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.error).toEqual({
      error_code: 3,
      error_msg: 'elevation_gain_in_mm is required for this event (row 1)',
    });
    const race = await get(s, `/race/${s.raceId}`, { format: 'json' });
    expect(race.text).not.toMatch(/elevation|tally/);
  });
});
