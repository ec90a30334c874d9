import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { SimParticipant, Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { parseXml } from '../../../main/simulator/xml';
import { get, getJson } from './sim-requests';
import { easternWallTime } from '../../support/eastern-time';

interface EventBlock {
  event: { event_id: number; participants: unknown[] };
  participants: Array<
    Record<string, unknown> & {
      registration_id: number;
      last_modified: number;
      bib_num: number | null;
      user: Record<string, unknown>;
    }
  >;
}
interface RemovedBlock {
  event: {
    event_id: number;
    participants: Array<{
      registration_id: number;
      removed_reason: string;
      new_registration_id: number | null;
      last_modified_ts: number;
    }>;
  };
}

const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
let sim: Simulator;
let tenK: number;
let fiveK: number;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, clock, scenario: { participants: 300 } });
  const events = sim.inspect.events();
  tenK = events.find((e) => e.name === '10K')?.eventId ?? 0;
  fiveK = events.find((e) => e.name === '5K')?.eventId ?? 0;
});
afterAll(() => sim.close());

describe('GET /race/:race_id', () => {
  it('speaks v1: escaped slashes, T/F booleans, M/D/YYYY HH:mm dates', async () => {
    const r = await getJson<{
      race: { race_id: number; events: Array<Record<string, unknown>>; is_draft_race: string };
    }>(sim, `/race/${sim.raceId}`);
    expect(r.text).toMatch(/"start_time":"\d{1,2}\\\/\d{1,2}\\\/\d{4} \d{2}:\d{2}"/);
    expect(r.text).not.toMatch(/[^\\]\//);
    expect(r.body.race.race_id).toBe(sim.raceId);
    expect(r.body.race.is_draft_race).toBe('F');
    const events = r.body.race.events;
    expect(events.map((e) => e.event_type)).toEqual([
      'running_race',
      'running_race',
      'running_race',
      'virtual_race',
      'virtual_challenge',
    ]);
    for (const e of events) {
      expect(e).toEqual(
        expect.objectContaining({
          event_id: expect.any(Number),
          race_event_days_id: expect.any(Number),
          name: expect.any(String),
          details: null,
        }),
      );
      expect(e.start_time).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}$/);
      expect(e.end_time).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}$/);
      expect(['T', 'F']).toContain(e.volunteer);
      // RunSignup has no field for "takes elevation" or "uses a tally" (docs/RUNSIGNUP.md §7).
      expect(e).not.toHaveProperty('allow_elevation_gain');
      expect(e).not.toHaveProperty('uses_tally');
    }
  });

  it('start times are in the race timezone (US Eastern)', async () => {
    const r = await getJson<{
      race: { timezone: string; events: Array<{ event_id: number; start_time: string }> };
    }>(sim, `/race/${sim.raceId}`);
    expect(r.body.race.timezone).toBe('America/New_York');
    const event = sim.inspect.events().find((e) => e.eventId === tenK);
    expect(r.body.race.events.find((e) => e.event_id === tenK)?.start_time).toBe(
      easternWallTime(event?.startTs ?? 0),
    );
  });

  it('answers XML when format is not json (the v1 default)', async () => {
    const r = await get(sim, `/race/${sim.raceId}`);
    expect(r.headers.get('content-type')).toMatch(/xml/);
    const root = parseXml(r.text);
    expect(root.name).toBe('race');
    expect(root.children.find((c) => c.name === 'events')?.children[0]?.name).toBe('event');
  });

  it('an unknown race is error 201 in HTTP 200', async () => {
    const r = await getJson<{ error: { error_code: number } }>(sim, '/race/1');
    expect(r.status).toBe(200);
    expect(r.body.error.error_code).toBe(201);
  });

  it('unknown methods and wrong HTTP methods get v1 codes 1 and 2', async () => {
    const unknown = await getJson<{ error: { error_code: number } }>(
      sim,
      `/race/${sim.raceId}/no-such-thing`,
    );
    expect(unknown.body.error.error_code).toBe(1);
    const wrongMethod = await getJson<{ error: { error_code: number } }>(
      sim,
      `/race/${sim.raceId}/results/user-results`,
    );
    expect(wrongMethod.body.error.error_code).toBe(2);
  });
});

describe('GET /race/:race_id/participants', () => {
  const path = () => `/race/${sim.raceId}/participants`;

  it('is an array of per-event objects with the rows beside an always-empty event.participants', async () => {
    const r = await getJson<EventBlock[]>(sim, path(), {
      event_id: `${tenK},${fiveK}`,
      results_per_page: 5,
    });
    expect(r.body.map((b) => b.event.event_id)).toEqual([tenK, fiveK]);
    for (const block of r.body) {
      expect(block.event.participants).toEqual([]);
      expect(block.participants).toHaveLength(5);
      for (const p of block.participants) {
        expect(p.event_id).toBe(block.event.event_id);
        expect(Object.keys(p)).toEqual(
          expect.arrayContaining([
            'user',
            'registration_id',
            'event_id',
            'bib_num',
            'chip_num',
            'age',
            'registration_date',
            'team_name',
            'last_modified',
          ]),
        );
        expect(Object.keys(p.user)).toEqual(
          expect.arrayContaining([
            'user_id',
            'first_name',
            'middle_name',
            'last_name',
            'email',
            'address',
            'dob',
            'gender',
            'phone',
          ]),
        );
        expect(p.registration_date).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}$/);
        expect(p.user.dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('pages each event by registration_id and ends with empty pages', async () => {
    const all = sim.inspect.participants(tenK).map((p) => p.registration_id);
    const seen: number[] = [];
    for (let page = 1; page < 100; page++) {
      const r = await getJson<EventBlock[]>(sim, path(), {
        event_id: tenK,
        page,
        results_per_page: 25,
      });
      const ids = r.body[0]?.participants.map((p) => p.registration_id) ?? [];
      if (ids.length === 0) break;
      seen.push(...ids);
    }
    expect(seen).toEqual(all);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('sorts DESC and by other keys', async () => {
    const desc = await getJson<EventBlock[]>(sim, path(), {
      event_id: tenK,
      sort: 'registration_id DESC',
      results_per_page: 2500,
    });
    const ids = desc.body[0]?.participants.map((p) => p.registration_id) ?? [];
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byName = await getJson<EventBlock[]>(sim, path(), {
      event_id: tenK,
      sort: 'last_name ASC',
      results_per_page: 2500,
    });
    const names =
      byName.body[0]?.participants.map((p) => String(p.user.last_name).toLowerCase()) ?? [];
    expect(names).toEqual([...names].sort());
    const bad = await getJson<{ error: { error_code: number } }>(sim, path(), {
      event_id: tenK,
      sort: 'shoe_size ASC',
    });
    expect(bad.body.error.error_code).toBe(3);
  });

  it('results_per_page above 2,500 is a v1 error (code 3) in HTTP 200; 2,500 is fine', async () => {
    const over = await getJson<{ error: { error_code: number } }>(sim, path(), {
      event_id: tenK,
      results_per_page: 2501,
    });
    expect(over.status).toBe(200);
    expect(over.body.error.error_code).toBe(3);
    const max = await getJson<EventBlock[]>(sim, path(), {
      event_id: tenK,
      results_per_page: 2500,
    });
    expect(max.body[0]?.participants.length).toBe(sim.inspect.participants(tenK).length);
  });

  it('an unknown event is error 301; a missing event_id is error 3', async () => {
    const unknown = await getJson<{ error: { error_code: number } }>(sim, path(), {
      event_id: `${tenK},999`,
    });
    expect(unknown.body.error.error_code).toBe(301);
    const missing = await getJson<{ error: { error_code: number } }>(sim, path());
    expect(missing.body.error.error_code).toBe(3);
  });

  it('modified_after_timestamp is "on or after" and sees modifications', async () => {
    clock.advance(60_000);
    const target = sim.inspect.participants(tenK)[3] as SimParticipant;
    const changed = sim.control.modifyParticipant(target.registration_id, {
      first_name: 'Zoë',
      bib_num: 99999,
    });
    const at = changed.last_modified;
    expect(at).toBe(Math.floor(clock.now() / 1000));
    const r = await getJson<EventBlock[]>(sim, path(), {
      event_id: tenK,
      modified_after_timestamp: at,
    });
    const rows = r.body[0]?.participants ?? [];
    expect(rows.map((p) => p.registration_id)).toContain(target.registration_id);
    expect(rows.every((p) => p.last_modified >= at)).toBe(true);
    expect(rows.find((p) => p.registration_id === target.registration_id)).toMatchObject({
      bib_num: 99999,
      user: expect.objectContaining({ first_name: 'Zoë' }),
    });
    const after = await getJson<EventBlock[]>(sim, path(), {
      event_id: tenK,
      modified_after_timestamp: at + 1,
    });
    expect(after.body[0]?.participants.map((p) => p.registration_id)).not.toContain(
      target.registration_id,
    );
  });

  it('writes accented names as \\u escapes (PHP json_encode), which parse back to the name', async () => {
    const p = sim.inspect.participants(tenK)[3] as SimParticipant;
    const r = await getJson<EventBlock[]>(sim, path(), { event_id: tenK, results_per_page: 2500 });
    expect(r.text).toContain('"first_name":"Zo\\u00eb"');
    expect(
      r.body[0]?.participants.find((x) => x.registration_id === p.registration_id)?.user.first_name,
    ).toBe('Zoë');
  });

  it('new registrations appear, some without a bib', async () => {
    const added = sim.control.addParticipants(20, fiveK);
    const r = await getJson<EventBlock[]>(sim, path(), { event_id: fiveK, results_per_page: 2500 });
    const ids = r.body[0]?.participants.map((p) => p.registration_id) ?? [];
    for (const p of added) expect(ids).toContain(p.registration_id);
    expect(Math.min(...added.map((p) => p.registration_id))).toBeGreaterThan(
      Math.max(...ids.filter((id) => !added.some((a) => a.registration_id === id))),
    );
    const bibs = sim.inspect
      .participants()
      .map((p) => p.bib_num)
      .filter((b) => b !== null);
    expect(new Set(bibs).size).toBe(bibs.length);
  });
});

describe('GET /race/:race_id/removed-participants', () => {
  it('lists removals and transfers under event.participants (the quirk)', async () => {
    clock.advance(60_000);
    const [a, b] = sim.inspect.participants(tenK);
    if (!a || !b) throw new Error('roster too small');
    sim.control.removeParticipant(a.registration_id, 'removed');
    const moved = sim.control.transferParticipant(b.registration_id, fiveK);
    expect(moved.event_id).toBe(fiveK);
    expect(moved.registration_id).not.toBe(b.registration_id);

    const r = await getJson<RemovedBlock[]>(sim, `/race/${sim.raceId}/removed-participants`, {
      event_id: tenK,
    });
    const block = r.body[0];
    expect(block?.event.event_id).toBe(tenK);
    expect(block).not.toHaveProperty('participants');
    const rows = block?.event.participants ?? [];
    expect(rows.find((x) => x.registration_id === a.registration_id)).toMatchObject({
      removed_reason: 'removed',
      new_registration_id: null,
    });
    expect(rows.find((x) => x.registration_id === b.registration_id)).toMatchObject({
      new_registration_id: moved.registration_id,
    });
    expect(rows.every((x) => typeof x.last_modified_ts === 'number')).toBe(true);

    const roster = await getJson<EventBlock[]>(sim, `/race/${sim.raceId}/participants`, {
      event_id: `${tenK},${fiveK}`,
      results_per_page: 2500,
    });
    const tenKIds = roster.body[0]?.participants.map((p) => p.registration_id) ?? [];
    expect(tenKIds).not.toContain(a.registration_id);
    expect(tenKIds).not.toContain(b.registration_id);
    expect(roster.body[1]?.participants.map((p) => p.registration_id)).toContain(
      moved.registration_id,
    );
  });

  it('pages and filters by modified_after_timestamp', async () => {
    const all = await getJson<RemovedBlock[]>(sim, `/race/${sim.raceId}/removed-participants`, {
      results_per_page: 1,
      page: 2,
      event_id: tenK,
    });
    expect(all.body[0]?.event.participants).toHaveLength(1);
    const later = await getJson<RemovedBlock[]>(sim, `/race/${sim.raceId}/removed-participants`, {
      modified_after_timestamp: Math.floor(clock.now() / 1000) + 1,
    });
    expect(later.body.every((b) => b.event.participants.length === 0)).toBe(true);
  });
});

describe('GET /race/:race_id/results/get-result-sets', () => {
  it('lists the existing sets of an event', async () => {
    const climb = sim.inspect.events().find((e) => e.eventType === 'virtual_challenge');
    const r = await getJson<{
      individual_results_sets: Array<{
        individual_result_set_id: number;
        individual_result_set_name: string;
      }>;
    }>(sim, `/race/${sim.raceId}/results/get-result-sets`, { event_id: climb?.eventId ?? 0 });
    expect(r.body.individual_results_sets).toEqual([
      expect.objectContaining({
        individual_result_set_id: expect.any(Number),
        individual_result_set_name: 'Climb Challenge Results',
      }),
    ]);
  });

  it('an event without sets lists none; an unknown event is 301', async () => {
    const r = await getJson<{ individual_results_sets: unknown[] }>(
      sim,
      `/race/${sim.raceId}/results/get-result-sets`,
      { event_id: tenK },
    );
    expect(r.body.individual_results_sets).toEqual([]);
    const unknown = await getJson<{ error: { error_code: number } }>(
      sim,
      `/race/${sim.raceId}/results/get-result-sets`,
      { event_id: 5 },
    );
    expect(unknown.body.error.error_code).toBe(301);
  });
});
