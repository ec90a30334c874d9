import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import type { Simulator } from '../../../main/simulator/index';
import { allSent, commitRunnersTimes, kioskOnRace, simulator } from '../../support/kiosk';
import { tempDir } from '../../support/temp-dir';

// A kiosk.db held by another program (issue 11, point 2): the app refuses to start with a clear
// message rather than writing results to a side file it never reads again.
describe('a locked database', () => {
  let sim: Simulator;
  const dataDir = tempDir('locked');
  /** A kiosk on the race, on the same data folder each time. */
  const kioskOn = (): Kiosk =>
    kioskOnRace(sim, { dataDir, timings: { resultBackoff: { baseMs: 50, maxMs: 200 } } }).kiosk;

  beforeAll(async () => {
    sim = await simulator({ seed: 113, scenario: { participants: 120 } });
  });

  it('refuses to start while another program holds it, then takes up every unsent result', async () => {
    await sim.faults.set({ type: 'refused' }, { path: /user-results/ });
    const first = kioskOn();
    await first.start();
    expect((await commitRunnersTimes(first, sim, 3)).committed).toBe(3);
    await first.stop();

    const holder = new BetterSqlite3(path.join(dataDir, 'kiosk.db'));
    holder.pragma('journal_mode = DELETE');
    holder.exec('BEGIN EXCLUSIVE');
    const second = kioskOn();
    await expect(second.start()).rejects.toThrow(/in use by another program.*Retry/);
    expect(second.unsentResults()).toBe(0);
    holder.exec('ROLLBACK');
    holder.close();
    // No side database was written.
    expect(fs.readdirSync(dataDir).filter((f) => /\.db$/.test(f))).toEqual(['kiosk.db']);

    // Retry: the same file, with the three results still counted and then sent.
    await second.start();
    expect(second.unsentResults()).toBe(3);
    await sim.faults.clear();
    await allSent(second);
    await second.stop();
  });
});
