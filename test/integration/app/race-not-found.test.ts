/**
 * A race RunSignup does not know (error 201, docs/RUNSIGNUP.md §5), through the app factory with
 * real SQLite and real HTTP to the simulator, which answers an unknown race id as RunSignup
 * does (HTTP 200, `{"error":{"error_code":201,"error_msg":"Race not found."}}`):
 * - typed in Check and connect, it is refused in words, and the race that runs keeps its
 *   credentials, its settings and its unsent results;
 * - the race of a kiosk's queue unknown at its RunSignup address: the queue pauses, says so in
 *   words, and keeps every row.
 */
import { describe, expect, it } from 'vitest';
import { toFailure } from '../../../main/app-error';
import type { Kiosk } from '../../../main/app';
import { allSent, commitRunnersTimes, kioskOnRace, simulator } from '../../support/kiosk';
import { until } from '../../support/until';

/** Waits until every result event's result sets are known (rows then wait to be sent, not held). */
const setsKnown = (kiosk: Kiosk) =>
  until(
    kiosk.api.getResultEvents,
    (events) => events.length > 0 && events.every((e) => e.setsKnown),
    'the result sets',
  );

const queueRows = async (kiosk: Kiosk) =>
  (await kiosk.api.listEntries({ view: 'queue', eventId: null, search: '', limit: 50, offset: 0 }))
    .entries;

describe('a race RunSignup does not know', () => {
  it('typed in Check and connect: refused in words; the running race keeps everything', async () => {
    const sim = await simulator({ seed: 121, scenario: { participants: 120 } });
    const { kiosk, settings, secrets } = kioskOnRace(sim, {
      timings: { resultBackoff: { baseMs: 50, maxMs: 200 } },
    });
    await kiosk.start();
    await setsKnown(kiosk);
    await sim.faults.set({ type: 'refused' }, { path: /user-results/ });
    expect((await commitRunnersTimes(kiosk, sim, 2)).committed).toBe(2);
    const before = { settings: settings.get(), credentials: secrets.load() };

    const unknownRace = sim.raceId + 5000;
    // What the renderer is sent (the api dispatch's envelope).
    const refusal = toFailure(
      await kiosk.api
        // Other (good) keys with it: they must not replace the running race's.
        .connect({ credentials: { kind: 'v1', ...sim.credentials.v1 }, raceId: unknownRace })
        .catch((e: unknown) => e),
    );
    expect(refusal).toEqual({
      kind: 'permanent',
      message: 'RunSignup could not find this race (error 201: Race not found.)',
    });
    // Choosing it anyway is refused too: it was never confirmed.
    const choice = toFailure(
      await kiosk.api
        .selectRace({ raceId: unknownRace, eventIds: [], confirmUnsent: true })
        .catch((e: unknown) => e),
    );
    expect(choice.message).toBe(`Connect to race ${unknownRace} first.`);

    expect(settings.get()).toEqual(before.settings);
    expect(secrets.load()).toEqual(before.credentials);
    const status = await kiosk.api.getStatus();
    expect(status).toMatchObject({ practice: false, notice: null });
    expect(status.race?.raceId).toBe(sim.raceId);
    expect(kiosk.unsentResults()).toBe(2);

    // The race that runs still sends once RunSignup takes results again.
    await sim.faults.clear();
    await allSent(kiosk);
  });

  it("the queue's race unknown at its RunSignup address: the queue pauses, says why and keeps every row", async () => {
    // Race 1001's results wait in the queue while RunSignup takes none.
    const before = await simulator({ seed: 122, scenario: { raceId: 1001, participants: 120 } });
    const first = kioskOnRace(before, { timings: { resultBackoff: { baseMs: 50, maxMs: 200 } } });
    await first.kiosk.start();
    await setsKnown(first.kiosk);
    await before.faults.set({ type: 'refused' }, { path: /user-results/ });
    const { eventId } = await commitRunnersTimes(first.kiosk, before, 3);
    await first.kiosk.stop();

    // The same RunSignup account (same seed: the same keys), where race 1001 is no more.
    const after = await simulator({ seed: 122, scenario: { raceId: 2002, participants: 120 } });
    expect(after.credentials).toEqual(before.credentials);
    const { kiosk } = kioskOnRace(after, {
      dataDir: first.dataDir,
      settings: { raceId: 1001 },
      timings: { resultBackoff: { baseMs: 50, maxMs: 200 } },
    });
    await kiosk.start();
    const paused = await until(
      kiosk.api.getStatus,
      (s) => s.queue.pausedReason !== null,
      'the queue to pause',
    );
    expect(paused.queue.pausedReason).toBe(
      'RunSignup does not know race 1001 (RunSignup could not find this race (error 201: Race not found.)). Check the race and the RunSignup address in Settings; every result is kept.',
    );
    expect(kiosk.unsentResults()).toBe(3);
    const rows = await queueRows(kiosk);
    expect(rows.map((r) => [r.eventId, r.state])).toEqual([
      [eventId, 'queued'],
      [eventId, 'queued'],
      [eventId, 'queued'],
    ]);
    expect(after.inspect.results()).toEqual([]);
  });
});
