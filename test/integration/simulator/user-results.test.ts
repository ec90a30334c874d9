import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { SimEvent, SimParticipant, Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { parseXml } from '../../../main/simulator/xml';
import { postJsonResults, postResults } from './sim-requests';

const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
let sim: Simulator;
let v5k: SimEvent;
let climb: SimEvent;
let tenK: SimEvent;
let runners: SimParticipant[];
let climbers: SimParticipant[];

function eventOf(s: Simulator, type: SimEvent['eventType'], name?: string): SimEvent {
  const e = s.inspect
    .events()
    .find((x) => x.eventType === type && (name === undefined || x.name === name));
  if (!e) throw new Error(`no ${type} event`);
  return e;
}

beforeAll(async () => {
  // Not about the caller registration: its cut-off date is moved out of the way.
  sim = await startSimulator({
    seed: 21,
    clock,
    registrationRequiredFrom: '2100-01-01',
    scenario: { participants: 400 },
  });
  v5k = eventOf(sim, 'virtual_race');
  climb = eventOf(sim, 'virtual_challenge');
  tenK = eventOf(sim, 'running_race', '10K');
  runners = sim.inspect.participants(v5k.eventId).filter((p) => p.bib_num !== null);
  climbers = sim.inspect.participants(climb.eventId).filter((p) => p.bib_num !== null);
});
afterAll(() => sim.close());

function runner(i: number): SimParticipant {
  const p = runners[i];
  if (!p) throw new Error(`no runner ${i}`);
  return p;
}

describe('which events take results', () => {
  it('refuses an in-person event with a v1 error', async () => {
    const p = sim.inspect.participants(tenK.eventId)[0];
    const r = await postJsonResults(sim, tenK.eventId, [
      { registration_id: p?.registration_id, clock_time: '00:30:00.0' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.error?.error_code).toBe(11);
    expect(sim.inspect.results(tenK.eventId)).toEqual([]);
  });

  it('refuses an unknown event (301) and a missing event_id (3)', async () => {
    expect((await postJsonResults(sim, 4242, [])).body.error?.error_code).toBe(301);
    const missing = await postResults(
      sim,
      { request_format: 'json', request: '{"virtual_results":[]}' },
      { format: 'json' },
    );
    expect(JSON.parse(missing.text)).toMatchObject({ error: { error_code: 3 } });
  });

  it('refuses an unknown race (201)', async () => {
    const r = await postResults(
      sim,
      { event_id: v5k.eventId, request_format: 'json', request: '{"virtual_results":[]}' },
      { format: 'json', raceId: 1 },
    );
    expect(JSON.parse(r.text)).toMatchObject({ error: { error_code: 201 } });
  });
});

describe('resolving rows to registrations', () => {
  it('registration alone, bib alone, and registration winning over a disagreeing bib', async () => {
    const [a, b, c] = [runner(0), runner(1), runner(2)];
    const r = await postJsonResults(sim, v5k.eventId, [
      { registration_id: a.registration_id, clock_time: '00:25:00.0' },
      { bib_num: b.bib_num, clock_time: '00:26:00.0' },
      { registration_id: c.registration_id, bib_num: a.bib_num, clock_time: '00:27:00.0' },
    ]);
    expect(r.body.error).toBeUndefined();
    expect(r.body.virtual_results?.map((x) => [x.registration_id, x.bib_num])).toEqual([
      [a.registration_id, a.bib_num],
      [b.registration_id, b.bib_num],
      [c.registration_id, c.bib_num],
    ]);
    const stored = sim.inspect.results(v5k.eventId);
    expect(stored.find((x) => x.registration_id === c.registration_id)?.bib_num).toBe(c.bib_num);
  });

  it.each([
    [
      'an unknown bib',
      { bib_num: 987654, clock_time: '00:20:00.0' },
      /Invalid bib number: 987654 \(row 2\)/,
    ],
    [
      'an unknown registration',
      { registration_id: 1, clock_time: '00:20:00.0' },
      /Invalid registration id: 1 \(row 2\)/,
    ],
    ['neither id', { clock_time: '00:20:00.0' }, /registration_id or bib_num.*\(row 2\)/],
    ['a malformed clock time', { bib: 0, clock_time: '20:00' }, /clock_time.*\(row 2\)/],
    ['a lower-case status', { bib: 0, clock_time: 'dnf' }, /clock_time.*\(row 2\)/],
    ['minutes over 59', { bib: 0, clock_time: '00:61:00.0' }, /clock_time/],
    ['a missing clock time', { bib: 0 }, /clock_time/],
    [
      'a non-numeric tally',
      { bib: 0, clock_time: '00:20:00.0', tally_value: 'lots' },
      /tally_value/,
    ],
  ])('rejects the whole request for %s, naming the row', async (_name, bad, message) => {
    const before = sim.inspect.results(v5k.eventId);
    const row: Record<string, unknown> = { ...bad };
    if ('bib' in row) {
      delete row.bib;
      row.registration_id = runner(5).registration_id;
    }
    const r = await postJsonResults(sim, v5k.eventId, [
      { registration_id: runner(4).registration_id, clock_time: '00:22:00.0' },
      row,
    ]);
    expect(r.status).toBe(200);
    expect(r.body.error?.error_code).toBe(3);
    expect(r.body.error?.error_msg).toMatch(message);
    expect(sim.inspect.results(v5k.eventId)).toEqual(before);
  });

  it('a registration of another event is not accepted', async () => {
    const r = await postJsonResults(sim, v5k.eventId, [
      { registration_id: climbers[0]?.registration_id, clock_time: '00:20:00.0' },
    ]);
    expect(r.body.error?.error_code).toBe(3);
  });
});

describe('values', () => {
  it('computes submitted_time_in_ms; DQ/DNS/DNF/DNQ are accepted with no time', async () => {
    const r = await postJsonResults(sim, v5k.eventId, [
      { registration_id: runner(6).registration_id, clock_time: '1:02:03.4' },
      { registration_id: runner(7).registration_id, clock_time: 'DNF' },
      { registration_id: runner(8).registration_id, clock_time: '100:00:00' },
    ]);
    expect(r.body.virtual_results?.map((x) => x.submitted_time_in_ms)).toEqual([
      3723400,
      null,
      360000000,
    ]);
  });

  it('tally: absent leaves it, null or empty clears it, a number sets it', async () => {
    const id = runner(9).registration_id;
    const tally = () =>
      sim.inspect.results(v5k.eventId).find((x) => x.registration_id === id)?.tally_value;
    await postJsonResults(sim, v5k.eventId, [
      { registration_id: id, clock_time: '00:30:00.0', tally_value: 3.1 },
    ]);
    expect(tally()).toBe(3.1);
    await postJsonResults(sim, v5k.eventId, [{ registration_id: id, clock_time: '00:29:00.0' }]);
    expect(tally()).toBe(3.1);
    await postJsonResults(sim, v5k.eventId, [
      { registration_id: id, clock_time: '00:29:00.0', tally_value: '' },
    ]);
    expect(tally()).toBeNull();
    await postJsonResults(sim, v5k.eventId, [
      { registration_id: id, clock_time: '00:29:00.0', tally_value: '2.5' },
    ]);
    expect(tally()).toBe(2.5);
    await postJsonResults(sim, v5k.eventId, [
      { registration_id: id, clock_time: '00:29:00.0', tally_value: null },
    ]);
    expect(tally()).toBeNull();
  });

  it('elevation is required where the event allows it, ignored elsewhere', async () => {
    const p = climbers[0] as SimParticipant;
    const missing = await postJsonResults(sim, climb.eventId, [
      { registration_id: p.registration_id, clock_time: '01:00:00.0' },
    ]);
    expect(missing.body.error?.error_msg).toMatch(/elevation_gain_in_mm/);
    const ok = await postJsonResults(sim, climb.eventId, [
      { registration_id: p.registration_id, clock_time: '01:00:00.0', elevation_gain_in_mm: 15000 },
    ]);
    expect(ok.body.virtual_results?.[0]?.elevation_gain_in_mm).toBe(15000);
    const ignored = await postJsonResults(sim, v5k.eventId, [
      {
        registration_id: runner(10).registration_id,
        clock_time: '00:20:00.0',
        elevation_gain_in_mm: 900,
      },
    ]);
    expect(ignored.body.virtual_results?.[0]?.elevation_gain_in_mm).toBeNull();

    sim.control.setEventAllowsElevation(v5k.eventId, true);
    try {
      const now = await postJsonResults(sim, v5k.eventId, [
        { registration_id: runner(10).registration_id, clock_time: '00:20:00.0' },
      ]);
      expect(now.body.error?.error_code).toBe(3);
    } finally {
      sim.control.setEventAllowsElevation(v5k.eventId, false);
    }
  });
});

describe('result sets and replacement', () => {
  it('creates a set for an event that has none, then reuses it', async () => {
    const s = await startSimulator({ seed: 22, clock, scenario: { participants: 200 } });
    try {
      const event = eventOf(s, 'virtual_race');
      const [a, b] = s.inspect.participants(event.eventId);
      expect(s.inspect.resultSets(event.eventId)).toEqual([]);
      const first = await postJsonResults(s, event.eventId, [
        { registration_id: a?.registration_id, clock_time: '00:20:00.0' },
      ]);
      const sets = s.inspect.resultSets(event.eventId);
      expect(sets).toHaveLength(1);
      expect(first.body.virtual_results?.[0]?.individual_result_set_id).toBe(
        sets[0]?.individual_result_set_id,
      );
      const second = await postJsonResults(s, event.eventId, [
        { registration_id: b?.registration_id, clock_time: '00:21:00.0' },
      ]);
      expect(second.body.virtual_results?.[0]?.individual_result_set_id).toBe(
        sets[0]?.individual_result_set_id,
      );
      expect(s.inspect.resultSets(event.eventId)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('uses the existing set, and refuses a set of another event', async () => {
    const [set] = sim.inspect.resultSets(climb.eventId);
    const p = climbers[1] as SimParticipant;
    const r = await postJsonResults(sim, climb.eventId, [
      { registration_id: p.registration_id, clock_time: '01:00:00.0', elevation_gain_in_mm: 1 },
    ]);
    expect(r.body.virtual_results?.[0]?.individual_result_set_id).toBe(
      set?.individual_result_set_id,
    );
    const explicit = await postJsonResults(
      sim,
      climb.eventId,
      [{ registration_id: p.registration_id, clock_time: '01:00:00.0', elevation_gain_in_mm: 1 }],
      {
        individual_result_set_id: set?.individual_result_set_id ?? 0,
      },
    );
    expect(explicit.body.error).toBeUndefined();
    const wrong = await postJsonResults(
      sim,
      climb.eventId,
      [{ registration_id: p.registration_id, clock_time: '01:00:00.0', elevation_gain_in_mm: 1 }],
      {
        individual_result_set_id: 1,
      },
    );
    expect(wrong.body.error?.error_code).toBe(3);
  });

  it('with two sets, a post must name one', async () => {
    const s = await startSimulator({ seed: 23, clock, scenario: { participants: 100 } });
    try {
      const event = eventOf(s, 'virtual_challenge');
      const second = s.control.createResultSet(event.eventId, 'Second Wave');
      const row = {
        registration_id: s.inspect.participants(event.eventId)[0]?.registration_id,
        clock_time: '01:00:00.0',
        elevation_gain_in_mm: 10,
      };
      const unnamed = await postJsonResults(s, event.eventId, [row]);
      expect(unnamed.body.error?.error_msg).toMatch(/individual_result_set_id/);
      const named = await postJsonResults(s, event.eventId, [row], {
        individual_result_set_id: second.individual_result_set_id,
      });
      expect(named.body.virtual_results?.[0]?.individual_result_set_id).toBe(
        second.individual_result_set_id,
      );
    } finally {
      await s.close();
    }
  });

  it('a later post replaces the registration’s row (versions increase); an older row sent later wins', async () => {
    const id = runner(11).registration_id;
    clock.advance(1000);
    await postJsonResults(sim, v5k.eventId, [{ registration_id: id, clock_time: '00:40:00.0' }]);
    const first = sim.inspect.results(v5k.eventId).find((x) => x.registration_id === id);
    clock.advance(1000);
    await postJsonResults(sim, v5k.eventId, [{ registration_id: id, clock_time: '00:35:00.0' }]);
    const rows = sim.inspect.results(v5k.eventId).filter((x) => x.registration_id === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.clock_time).toBe('00:35:00.0');
    expect(rows[0]?.version).toBeGreaterThan(first?.version ?? Infinity);
    expect(rows[0]?.results_received_ts).toBe(Math.floor(clock.now() / 1000));
    const resend = await postJsonResults(sim, v5k.eventId, [
      { registration_id: id, clock_time: '00:35:00.0' },
    ]);
    expect(resend.body.virtual_results).toHaveLength(1);
    expect(sim.inspect.results(v5k.eventId).filter((x) => x.registration_id === id)).toHaveLength(
      1,
    );
  });
});

describe('formats', () => {
  it('request_format defaults to XML and format=xml answers XML', async () => {
    const p = runner(12);
    const request = `<?xml version="1.0"?><request><virtual_result><registration_id>${p.registration_id}</registration_id><clock_time>00:19:59.9</clock_time><tally_value/></virtual_result></request>`;
    const r = await postResults(sim, { event_id: v5k.eventId, request }, { format: 'xml' });
    const root = parseXml(r.text);
    expect(root.name).toBe('event_individual_results_user_upload');
    const row = root.children[0]?.children[0];
    expect(row?.children.find((c) => c.name === 'registration_id')?.text).toBe(
      String(p.registration_id),
    );
    expect(row?.children.find((c) => c.name === 'submitted_time_in_ms')?.text).toBe('1199900');
  });

  it('XML errors come back as XML', async () => {
    const r = await postResults(
      sim,
      { event_id: tenK.eventId, request: '<request></request>' },
      { format: 'xml' },
    );
    const root = parseXml(r.text);
    expect(root.name).toBe('error');
    expect(root.children.find((c) => c.name === 'error_code')?.text).toBe('11');
  });

  it('malformed requests are code 3', async () => {
    for (const [format, request] of [
      ['json', '{"virtual_results": ['],
      ['json', '{"rows": []}'],
      ['xml', '<request><virtual_result></request>'],
    ]) {
      const r = await postResults(
        sim,
        { event_id: v5k.eventId, request_format: format ?? '', request: request ?? '' },
        { format: 'json' },
      );
      expect(JSON.parse(r.text), request).toMatchObject({ error: { error_code: 3 } });
    }
  });

  it('multipart forms are read like urlencoded ones', async () => {
    const form = new FormData();
    form.set('event_id', String(v5k.eventId));
    form.set('request_format', 'json');
    form.set(
      'request',
      JSON.stringify({
        virtual_results: [
          { registration_id: runner(13).registration_id, clock_time: '00:21:00.0' },
        ],
      }),
    );
    const c = sim.credentials.v1;
    const res = await fetch(
      `${sim.url}/race/${sim.raceId}/results/user-results?format=json&api_key=${c.apiKey}&api_secret=${c.apiSecret}`,
      { method: 'POST', body: form },
    );
    expect(((await res.json()) as { virtual_results: unknown[] }).virtual_results).toHaveLength(1);
  });
});

describe('per-row error mode', () => {
  it('stores the good rows and lists the bad ones', async () => {
    const s = await startSimulator({
      seed: 21,
      clock,
      scenario: { participants: 400 },
      rowErrors: 'per-row',
    });
    try {
      const event = eventOf(s, 'virtual_race');
      const [a, b] = s.inspect.participants(event.eventId);
      const r = await postJsonResults(s, event.eventId, [
        { registration_id: a?.registration_id, clock_time: '00:20:00.0' },
        { bib_num: 987654, clock_time: '00:20:00.0' },
        { registration_id: b?.registration_id, clock_time: '00:21:00.0' },
      ]);
      expect(r.body.virtual_results?.map((x) => x.registration_id)).toEqual([
        a?.registration_id,
        b?.registration_id,
      ]);
      expect(r.body.errors).toEqual([
        { row: 2, error_code: 3, error_msg: expect.stringMatching(/987654/) },
      ]);
      expect(s.inspect.results(event.eventId)).toHaveLength(2);
    } finally {
      await s.close();
    }
  });
});
