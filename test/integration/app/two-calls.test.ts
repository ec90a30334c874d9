/**
 * At most 2 RunSignup calls at once per kiosk (issue 10 point 6, docs/RUNSIGNUP.md §7), with every
 * loop busy at the same time: the roster sync reloading, the check-in poller reconciling, the
 * results flusher sending, the connectivity probe, and the screens (Check and connect, result
 * sets). The simulator counts the calls it is answering per caller and refuses a third as
 * throttled, so both sides are checked: it never saw more than 2, and never had to refuse one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import type { Simulator } from '../../../main/simulator/index';
import { allSent, kioskInPractice, simulator } from '../../support/kiosk';
import { until as untilWithin } from '../../support/until';

const V5K = 661704;

/** This file's waits: 30 s (its kiosks are busy). */
const until = <T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string) =>
  untilWithin(get, ok, what, 30_000);

describe('two calls at once', () => {
  let sim: Simulator;
  let kiosk: Kiosk;

  beforeAll(async () => {
    sim = await simulator({
      seed: 87,
      scenario: { participants: 6000, checkedInFraction: 0.4 },
    });
    ({ kiosk } = kioskInPractice(sim, {
      timings: {
        rosterIntervalMs: 50,
        reconcileEveryMs: 100,
        probeIntervalMs: 50,
        resultBackoff: { baseMs: 20, maxMs: 100 },
      },
    }));
    await kiosk.start();
    await kiosk.api.connect({
      credentials: { kind: 'v2', ...sim.credentials.v2 },
      raceId: sim.raceId,
    });
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    await until(kiosk.api.getStatus, (s) => s.roster?.phase === 'done', 'the first roster load');
    await until(kiosk.api.getResultEvents, (l) => l.some((e) => e.eventId === V5K), 'the events');
  }, 60_000);

  it('the kiosk stays at 2 while roster, check-ins, results, probe and screens all want RunSignup', async () => {
    // Every answer takes a while, so calls overlap whenever the kiosk lets them.
    await sim.faults.set({ type: 'latency', ms: 30 });
    sim.inspect.clearRequests();

    // Background: roster updates (late registrations) and polls with reconciliation.
    sim.control.addParticipants(40);
    // Results: 300 rows, three batches to send.
    const runners = sim.inspect.participants(V5K).filter((p) => p.bib_num !== null);
    const committed = await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: null,
      rows: runners.slice(0, 300).map((r, i) => ({
        bib: String(r.bib_num),
        clockTime: `0:${String(20 + (i % 40)).padStart(2, '0')}:00`,
      })),
      source: 'paste',
    });
    expect(committed.committed).toBe(300);
    // Screens: Check and connect and the result-set list, several at once.
    await Promise.all([
      kiosk.api.connect({ credentials: { kind: 'v2', ...sim.credentials.v2 }, raceId: sim.raceId }),
      kiosk.api.getResultSets(V5K),
      kiosk.api.getResultSets(V5K),
      kiosk.api.connect({ credentials: { kind: 'v2', ...sim.credentials.v2 }, raceId: sim.raceId }),
    ]);

    const every = [
      '/rest/race/N/participants',
      '/rest/v2/participants/checkin-timestamps.json',
      '/rest/race/N/results/user-results',
      '/rest/race/N/results/get-result-sets',
      '/rest/v2/auth-info/entity-info.json',
      '/rest/race/N',
    ];
    const pathsSeen = () =>
      new Set(sim.inspect.requests().map((r) => r.path.replace(/\/\d+(?=\/|$)/g, '/N')));
    // Every loop gets its turn while the others keep asking.
    await allSent(kiosk, 30_000);
    await until(
      async () => pathsSeen(),
      (seen) => every.every((p) => seen.has(p)),
      'every loop',
    );
    // …and keep at it for a while (the loops run every 50-100 ms here, the screens ask again).
    void kiosk.api.getResultSets(V5K);
    await until(
      async () => sim.inspect.requests().length,
      (n) => n >= 60,
      '60 calls',
    );
    await sim.faults.clear();

    const log = sim.inspect.requests();
    for (const p of every) expect(pathsSeen(), p).toContain(p);
    expect(log.length).toBeGreaterThanOrEqual(60);
    // …and they did overlap (two at once happened), but never three.
    expect(Math.max(...log.map((r) => r.concurrent))).toBe(2);
    expect(log.filter((r) => r.throttled)).toEqual([]);
    expect(sim.inspect.results(V5K)).toHaveLength(300);
  }, 60_000);
});
