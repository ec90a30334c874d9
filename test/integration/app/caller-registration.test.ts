/**
 * The app's API caller registration end to end (issue 10 point 5, docs/RUNSIGNUP.md §7), through
 * the app factory with real SQLite and real HTTP to the simulator: the Settings pair checked by
 * Check and connect and stored encrypted, the built-in default, the warning while none is set,
 * and RunSignup's code 17 pausing the results queue with every row kept.
 */
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import { AppError } from '../../../main/app-error';
import type { Simulator, SimulatorOptions } from '../../../main/simulator/index';
import { ManualClock } from '../../doubles/manual-clock';
import { MemorySecretStore } from '../../doubles/memory-secret-store';
import { allSent, kioskInPractice, simulator } from '../../support/kiosk';
import type { TestKioskOptions } from '../../support/kiosk';
import { until } from '../../support/until';

const V5K = 661704;

async function setUp(
  simOpts: SimulatorOptions = {},
  kioskOpts: TestKioskOptions = {},
): Promise<{ sim: Simulator; kiosk: Kiosk; secrets: MemorySecretStore }> {
  // The simulator's clock says December 2026 (before the cut-off) unless a test says otherwise.
  const sim = await simulator({
    seed: 81,
    clock: new ManualClock(Date.UTC(2026, 11, 1, 12, 0, 0)),
    scenario: { participants: 120 },
    ...simOpts,
  });
  // No caller registration stored: that is what these tests are about.
  const secrets = new MemorySecretStore();
  const { kiosk } = kioskInPractice(sim, {
    secrets,
    timings: { rosterIntervalMs: 300, resultBackoff: { baseMs: 50, maxMs: 200 } },
    ...kioskOpts,
  });
  await kiosk.start();
  return { sim, kiosk, secrets };
}

const keyOf = (sim: Simulator) => ({ kind: 'v2' as const, ...sim.credentials.v2 });
const registrationsSent = (sim: Simulator) =>
  new Set(sim.inspect.requests().map((r) => r.query['rsu_api_reg'] ?? 'none'));

async function refusal(p: Promise<unknown>): Promise<AppError | Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

describe('API caller registration', () => {
  it('none set: a warning on the status, Settings says none, the race still connects before 2027', async () => {
    const { sim, kiosk } = await setUp();
    expect((await kiosk.api.getSettings()).callerRegistration).toEqual({
      source: 'none',
      regId: null,
    });
    await kiosk.api.connect({ credentials: keyOf(sim), raceId: sim.raceId });
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    const status = await kiosk.api.getStatus();
    expect(status.practice).toBe(false);
    expect(status.callerRegistration).toBe('none');
  });

  it('Check and connect checks a typed registration with the key, and keeps it only when RunSignup accepts it', async () => {
    const { sim, kiosk, secrets } = await setUp();
    const wrong = await refusal(
      kiosk.api.connect({
        credentials: keyOf(sim),
        raceId: sim.raceId,
        callerRegistration: { regId: sim.callerRegistration.regId, secret: 'wrong-reg-secret' },
      }),
    );
    expect(wrong.message).toMatch(/^RunSignup rejected this app's API caller registration/);
    expect((wrong as AppError).kind).toBe('needs-user');
    expect(secrets.loadCaller()).toBeNull();
    expect((await kiosk.api.getSettings()).credentialKind).toBe('none');

    await kiosk.api.connect({
      credentials: keyOf(sim),
      raceId: sim.raceId,
      callerRegistration: { ...sim.callerRegistration },
    });
    expect(secrets.loadCaller()).toEqual(sim.callerRegistration);
    const settings = await kiosk.api.getSettings();
    expect(settings.callerRegistration).toEqual({
      source: 'settings',
      regId: sim.callerRegistration.regId,
    });
    expect(JSON.stringify(settings)).not.toContain(sim.callerRegistration.secret);

    sim.inspect.clearRequests();
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    await until(kiosk.api.getStatus, (s) => s.roster?.phase === 'done', 'the roster');
    expect((await kiosk.api.getStatus()).callerRegistration).toBe('settings');
    // Every call of the running race carries it.
    expect(registrationsSent(sim)).toEqual(new Set([sim.callerRegistration.regId]));
  });

  it('from 2027-01-01 Check and connect fails without one, and works with the one built into the installer', async () => {
    const after = new ManualClock(Date.UTC(2027, 0, 2, 12, 0, 0));
    const bare = await setUp({ clock: after });
    const e = await refusal(
      bare.kiosk.api.connect({ credentials: keyOf(bare.sim), raceId: bare.sim.raceId }),
    );
    expect(e.message).toMatch(/API caller registration.*error 17/);

    const sim = await simulator({ seed: 81, clock: after, scenario: { participants: 120 } });
    const { kiosk } = await setUp(
      {},
      { builtInCallerRegistration: { ...sim.callerRegistration }, trustedBaseUrls: [sim.url] },
    );
    await kiosk.api.updateSettings({ baseUrl: sim.url });
    expect((await kiosk.api.getSettings()).callerRegistration).toEqual({
      source: 'built-in',
      regId: sim.callerRegistration.regId,
    });
    await kiosk.api.connect({ credentials: keyOf(sim), raceId: sim.raceId });
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    await until(kiosk.api.getStatus, (s) => s.roster?.phase === 'done', 'the roster');
    expect((await kiosk.api.getStatus()).callerRegistration).toBe('built-in');
  });

  it("code 17 while sending: the queue pauses with RunSignup's reason and keeps every row; it resumes once fixed", async () => {
    const { sim, kiosk } = await setUp();
    await kiosk.api.connect({
      credentials: keyOf(sim),
      raceId: sim.raceId,
      callerRegistration: { ...sim.callerRegistration },
    });
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    await until(kiosk.api.getStatus, (s) => s.roster?.phase === 'done', 'the roster');
    await until(kiosk.api.getResultEvents, (l) => l.some((e) => e.eventId === V5K), 'the events');
    const runners = sim.inspect
      .participants(V5K)
      .filter((p) => p.bib_num !== null)
      .slice(0, 3);
    sim.control.revokeCallerRegistration();
    const committed = await kiosk.api.commitResults({
      eventId: V5K,
      resultSetId: null,
      rows: runners.map((r, i) => ({ bib: String(r.bib_num), clockTime: `0:2${i}:00` })),
      source: 'keyboard',
    });
    expect(committed.committed).toBe(3);
    const paused = await until(
      kiosk.api.getStatus,
      (s) => s.queue.pausedReason !== null,
      'the queue to pause',
    );
    expect(paused.queue.pausedReason).toMatch(
      /^RunSignup rejected this app's API caller registration/,
    );
    expect(kiosk.unsentResults()).toBe(3);
    const queue = await kiosk.api.listEntries({
      view: 'queue',
      eventId: null,
      search: '',
      limit: 10,
      offset: 0,
    });
    expect(queue.entries.filter((e) => e.state === 'needs_fix')).toEqual([]);
    expect(sim.inspect.results(V5K)).toEqual([]);

    sim.control.restoreCallerRegistration();
    await kiosk.api.resumeSending();
    await allSent(kiosk);
    expect(sim.inspect.results(V5K)).toHaveLength(3);
  });
});
