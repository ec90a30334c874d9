import path from 'node:path';
import type { FeedSnapshot } from '../../preload/api';
import { createKiosk } from '../../main/app';
import type { Kiosk, KioskDeps } from '../../main/app';
import type { SecretStore } from '../../main/secrets';
import type { Settings } from '../../main/settings';
import { JsonFileSettingsStore } from '../../main/settings';
import { startSimulator } from '../../main/simulator/index';
import type { Simulator, SimulatorOptions } from '../../main/simulator/index';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { afterThis } from './cleanup';
import { tempDir } from './temp-dir';
import { until } from './until';

/** A simulated RunSignup on 127.0.0.1, closed after the test (or the file) that started it. */
export async function simulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(opts);
  afterThis(() => sim.close());
  return sim;
}

/** What a test varies: createKiosk's deps, with the settings given as values to store first. */
export type TestKioskOptions = Omit<Partial<KioskDeps>, 'settings'> & {
  settings?: Partial<Settings>;
};

export interface TestKiosk {
  kiosk: Kiosk;
  /** Its data folder (a fresh temp folder unless the options name one). */
  dataDir: string;
  /** Its settings file (`settings.json` in the data folder). */
  settings: JsonFileSettingsStore;
  secrets: SecretStore;
}

function testKiosk(
  sim: Simulator,
  base: { settings: Partial<Settings>; secrets: SecretStore; practice?: KioskDeps['practice'] },
  opts: TestKioskOptions,
): TestKiosk {
  const { settings: patch, ...deps } = opts;
  const dataDir = deps.dataDir ?? tempDir('data');
  const settings = new JsonFileSettingsStore(path.join(dataDir, 'settings.json'));
  settings.update({ ...base.settings, ...patch });
  const secrets = deps.secrets ?? base.secrets;
  const kiosk = createKiosk({
    version: 'test',
    // The simulator is trusted besides RunSignup's own https hosts (a test may add others).
    trustedBaseUrls: [sim.url],
    practice: base.practice,
    ...deps,
    dataDir,
    settings,
    secrets,
  });
  afterThis(() => kiosk.stop());
  return { kiosk, dataDir, settings, secrets };
}

/**
 * A kiosk (not started) already on `sim`'s race: its settings name the race and the simulator's
 * address, and it holds the race's key and this app's API caller registration (so it also
 * holds after RunSignup's 2027-01-01 cut-off, docs/RUNSIGNUP.md §7).
 */
export function kioskOnRace(sim: Simulator, opts: TestKioskOptions = {}): TestKiosk {
  return testKiosk(
    sim,
    {
      settings: { raceId: sim.raceId, practice: false, baseUrl: sim.url },
      secrets: new MemorySecretStore(
        { kind: 'v2', ...sim.credentials.v2 },
        { ...sim.callerRegistration },
      ),
    },
    opts,
  );
}

/**
 * A kiosk (not started) on the practice race (50 runners), whose Settings point at `sim` (Check
 * and connect asks it), holding this app's API caller registration and no key.
 */
export function kioskInPractice(sim: Simulator, opts: TestKioskOptions = {}): TestKiosk {
  return testKiosk(
    sim,
    {
      settings: { baseUrl: sim.url, pollIntervalSec: 2 },
      secrets: new MemorySecretStore(null, { ...sim.callerRegistration }),
      practice: { participants: 50 },
    },
    opts,
  );
}

/** Runners in every event in use (`stats.total` counts in-person events only). */
export const everyone = (feed: FeedSnapshot): number =>
  feed.stats.perEvent.reduce((n, e) => n + e.total, 0);

/**
 * Waits for the kiosk's first result event with runners, then commits a time for the first `n`
 * of them, by registration id (with an elevation: some virtual events require it, the others
 * ignore it). Returns the event and how many rows were committed.
 */
export async function commitRunnersTimes(
  kiosk: Kiosk,
  sim: Simulator,
  n: number,
): Promise<{ eventId: number; committed: number }> {
  const events = await until(
    kiosk.api.getResultEvents,
    (list) => list.some((e) => e.participants > 0),
    'a result event with runners',
    5_000,
  );
  const { eventId } = events.find((e) => e.participants > 0)!;
  const { committed } = await kiosk.api.commitResults({
    eventId,
    resultSetId: null,
    rows: sim.inspect
      .participants(eventId)
      .slice(0, n)
      .map((r, i) => ({
        registrationId: String(r.registration_id),
        clockTime: `0:3${i}:00`,
        elevation: '100',
      })),
    source: 'keyboard',
  });
  return { eventId, committed };
}

/** Waits until RunSignup has confirmed every result the kiosk holds. */
export const allSent = (kiosk: Kiosk, timeoutMs?: number): Promise<number> =>
  until(
    async () => kiosk.unsentResults(),
    (n) => n === 0,
    'every result to be sent',
    timeoutMs,
  );
