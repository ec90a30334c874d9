/**
 * The results service on a race as RunSignup really runs it (issue 10, points 1, 3 and 7), through
 * the app factory: real SQLite, real HTTP to the simulator.
 * - Elevation and tally are not guesses: both optional, what is typed is sent; a refusal for
 *   missing elevation marks the event "elevation required" (stored), staff can set it too.
 * - Result sets come with the roster (known offline); rows typed before the list is known are
 *   held, and with several sets staff choose before they are sent.
 * - Rows RunSignup sends that cannot be read are counted on the status, once each.
 */
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import { AppError } from '../../../main/app-error';
import type { SimulatorOptions, Simulator } from '../../../main/simulator/index';
import { kioskOnRace, simulator } from '../../support/kiosk';
import { until as untilWithin } from '../../support/until';

const V5K = 661704;
const CLIMB = 661705;

/** This file's waits: 15 s (its kiosks are busy). */
const until = <T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string) =>
  untilWithin(get, ok, what, 15_000);

/** A kiosk connected to a simulated race; `beforeStart` may set faults or add result sets. */
async function start(
  opts: SimulatorOptions = {},
  beforeStart?: (sim: Simulator) => Promise<void> | void,
): Promise<{ sim: Simulator; kiosk: Kiosk }> {
  const sim = await simulator({ seed: 31, scenario: { participants: 300 }, ...opts });
  await beforeStart?.(sim);
  const { kiosk } = kioskOnRace(sim, {
    settings: { raceName: 'Harbor Run', deviceName: 'Table 2', pollIntervalSec: 2 },
    timings: { rosterIntervalMs: 200, resultBackoff: { baseMs: 50, maxMs: 200 } },
  });
  await kiosk.start();
  await until(
    () => kiosk.api.getStatus(),
    (s) => s.roster?.phase === 'done',
    'the roster to load',
  );
  return { sim, kiosk };
}

function runnerOf(sim: Simulator, eventId: number, i = 0) {
  const p = sim.inspect.participants(eventId).filter((x) => x.bib_num !== null)[i];
  if (!p) throw new Error(`no runner ${i} in ${eventId}`);
  return p;
}

const eventOf = async (kiosk: Kiosk, eventId: number) =>
  (await kiosk.api.getResultEvents()).find((e) => e.eventId === eventId)!;

describe('elevation and tally', () => {
  it('both optional; a refusal for missing elevation parks the row and marks the event, which then requires it', async () => {
    const { sim, kiosk } = await start({ omitOptionalKeys: true });
    expect(await eventOf(kiosk, CLIMB)).toMatchObject({
      elevationRequired: false,
      elevationRequiredBy: null,
    });
    const [a, b, c] = [0, 1, 2].map((i) => runnerOf(sim, CLIMB, i));
    // Nothing says the Climb takes elevation: the row is valid and sent without it.
    const first = await kiosk.api.commitResults({
      eventId: CLIMB,
      resultSetId: null,
      rows: [{ bib: String(a!.bib_num), clockTime: '1:02:03', tally: '12.5' }],
      source: 'keyboard',
    });
    expect(first.committed).toBe(1);
    const parked = await until(
      () =>
        kiosk.api.listEntries({ view: 'queue', eventId: CLIMB, search: '', limit: 10, offset: 0 }),
      (l) => l.entries.some((e) => e.state === 'needs_fix'),
      'RunSignup to refuse the row',
    );
    expect(parked.entries[0]?.lastError).toMatch(/elevation_gain_in_mm is required/);
    expect(await eventOf(kiosk, CLIMB)).toMatchObject({
      elevationRequired: true,
      elevationRequiredBy: 'runsignup',
    });

    // From now on it is required at entry…
    const refused = await kiosk.api.commitResults({
      eventId: CLIMB,
      resultSetId: null,
      rows: [{ bib: String(b!.bib_num), clockTime: '1:10:00' }],
      source: 'keyboard',
    });
    expect(refused.committed).toBe(0);
    expect(refused.rejected[0]?.errors).toEqual(['Elevation gain is required for this event.']);
    // …and what is typed (elevation and tally) is sent.
    await kiosk.api.commitResults({
      eventId: CLIMB,
      resultSetId: null,
      rows: [{ bib: String(c!.bib_num), clockTime: '1:11:00', tally: '3', elevation: '250000' }],
      source: 'keyboard',
    });
    const stored = await until(
      async () => sim.inspect.results(CLIMB),
      (r) => r.some((x) => x.registration_id === c!.registration_id),
      'the result with elevation to reach RunSignup',
    );
    expect(stored.find((x) => x.registration_id === c!.registration_id)).toMatchObject({
      elevation_gain_in_mm: 250000,
      tally_value: 3,
    });
  });

  it('on an event that takes no elevation, a typed tally and elevation are sent (RunSignup ignores what it does not take); staff can require elevation per event', async () => {
    const { sim, kiosk } = await start();
    const [a, b] = [0, 1].map((i) => runnerOf(sim, V5K, i));
    await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: null,
      rows: [
        { bib: String(a!.bib_num), clockTime: '27:13', tally: '5', elevation: '12000' },
        { bib: String(b!.bib_num), clockTime: '29:00' },
      ],
      source: 'paste',
    });
    await until(
      () => kiosk.api.getStatus(),
      (s) => s.queue.sent === 2,
      'both rows to be sent',
    );
    const byReg = new Map(sim.inspect.results(V5K).map((r) => [r.registration_id, r]));
    expect(byReg.get(a!.registration_id)?.tally_value).toBe(5);
    expect(byReg.get(b!.registration_id)?.tally_value).toBeNull();

    const events = await kiosk.api.setElevationRequired({ eventId: V5K, required: true });
    expect(events.find((e) => e.eventId === V5K)).toMatchObject({
      elevationRequired: true,
      elevationRequiredBy: 'staff',
    });
    const check = () =>
      kiosk.api.checkRow({ eventId: V5K, row: { bib: String(a!.bib_num), clockTime: '27:00' } });
    expect((await check()).errors).toContain('Elevation gain is required for this event.');
    await kiosk.api.setElevationRequired({ eventId: V5K, required: false });
    expect((await check()).status).toBe('valid');
  });
});

describe('result sets', () => {
  it('are downloaded with the roster, so they are known offline', async () => {
    const { sim, kiosk } = await start();
    await until(
      () => kiosk.api.getResultEvents(),
      (events) => events.length > 0 && events.every((e) => e.setsKnown),
      'the result sets to arrive with the roster',
    );
    const posts = sim.inspect.requests().filter((r) => /get-result-sets/.test(r.path));
    expect(posts.length).toBeGreaterThan(0);
    await sim.faults.set({ type: 'refused' });
    const offline = await kiosk.api.getResultSets(CLIMB);
    expect(offline).toEqual({
      sets: sim.inspect.resultSets(CLIMB).map((s) => ({
        resultSetId: s.individual_result_set_id,
        name: s.individual_result_set_name,
      })),
      fromCache: true,
      known: true,
    });
    await sim.faults.clear();
  });

  it('rows typed before the list is known are held, not sent, until it arrives', async () => {
    const { sim, kiosk } = await start({}, (s) =>
      s.faults.set({ type: 'http5xx', status: 502 }, { path: /get-result-sets/ }),
    );
    expect((await eventOf(kiosk, V5K)).setsKnown).toBe(false);
    const runner = runnerOf(sim, V5K);
    const out = await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: null,
      rows: [{ bib: String(runner.bib_num), clockTime: '31:00' }],
      source: 'keyboard',
    });
    expect(out.committed).toBe(1);
    const status = await kiosk.api.getStatus();
    expect(status.queue).toMatchObject({ held: 1, waiting: 0, sent: 0 });
    const [entry] = (
      await kiosk.api.listEntries({ view: 'queue', eventId: V5K, search: '', limit: 10, offset: 0 })
    ).entries;
    expect(entry).toMatchObject({ state: 'queued', held: true, resultSetId: null });
    expect(await eventOf(kiosk, V5K)).toMatchObject({ held: 1, setsKnown: false });

    // The list arrives with the next roster update: the row goes to the event's one set.
    await sim.faults.clear();
    await until(
      () => kiosk.api.getStatus(),
      (s) => s.queue.sent === 1,
      'the held row to be sent once the list is known',
    );
    const [set] = sim.inspect.resultSets(V5K);
    expect(sim.inspect.results(V5K)).toMatchObject([
      {
        registration_id: runner.registration_id,
        individual_result_set_id: set?.individual_result_set_id,
      },
    ]);
  });

  it('with several sets, rows wait until staff choose the set; then they go there', async () => {
    let second = 0;
    const { sim, kiosk } = await start({}, (s) => {
      s.control.createResultSet(V5K, 'Virtual 5K Results');
      second = s.control.createResultSet(V5K, 'Second wave').individual_result_set_id;
    });
    await until(
      () => eventOf(kiosk, V5K),
      (e) => e.setsKnown,
      'the result sets to arrive with the roster',
    );
    const [a, b] = [0, 1].map((i) => runnerOf(sim, V5K, i));
    await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: null,
      rows: [{ bib: String(a!.bib_num), clockTime: '30:00' }],
      source: 'keyboard',
    });
    expect((await kiosk.api.getStatus()).queue).toMatchObject({ held: 1, waiting: 0 });
    expect(await eventOf(kiosk, V5K)).toMatchObject({ held: 1, setsKnown: true });

    await expect(kiosk.api.sendHeldResults({ eventId: V5K, resultSetId: 999 })).rejects.toThrow(
      AppError,
    );
    expect(await kiosk.api.sendHeldResults({ eventId: V5K, resultSetId: second })).toEqual({
      released: 1,
    });
    // A row typed with the set chosen goes at once.
    await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: second,
      rows: [{ bib: String(b!.bib_num), clockTime: '31:00' }],
      source: 'keyboard',
    });
    await until(
      () => kiosk.api.getStatus(),
      (s) => s.queue.sent === 2,
      'both rows to be sent',
    );
    expect(sim.inspect.results(V5K).map((r) => r.individual_result_set_id)).toEqual([
      second,
      second,
    ]);
  });
});

describe('rows RunSignup sends that cannot be read', () => {
  it('are counted on the status, each once however often it is polled', async () => {
    const { sim, kiosk } = await start({}, (s) =>
      s.faults.set(
        {
          type: 'rewrite',
          rewrite: (json) => {
            const body = json as { checkin_timestamps: unknown[] };
            return {
              checkin_timestamps: [...body.checkin_timestamps, { registration_id: 424242 }],
            };
          },
        },
        { path: /checkin-timestamps/ },
      ),
    );
    const requests = () =>
      sim.inspect.requests().filter((r) => /checkin-timestamps/.test(r.path)).length;
    const seen = requests();
    await until(
      async () => requests(),
      (n) => n >= seen + 2,
      'two more check-in polls',
    );
    const status = await kiosk.api.getStatus();
    expect(status.unreadableRows).toBe(1);
    expect((await kiosk.api.getFeed()).rows.length).toBe(sim.inspect.checkins().length);
  });
});
