import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiosk } from '../../../main/app';
import type { Kiosk } from '../../../main/app';
import { MemorySecretStore } from '../../doubles/memory-secret-store';
import { JsonFileSettingsStore } from '../../../main/settings';
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator } from '../../../main/simulator/index';

// A kiosk.db held by another program (issue 11, point 2): the app refuses to start with a clear
// message rather than writing results to a side file it never reads again.
describe('a locked database', () => {
  let sim: Simulator;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-locked-'));
  const kioskOn = (): Kiosk =>
    createKiosk({
      dataDir,
      settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.json')),
      secrets: new MemorySecretStore({ kind: 'v2', ...sim.credentials.v2 }),
      version: 'test',
      trustedBaseUrls: [sim.url],
      timings: { resultBackoff: { baseMs: 50, maxMs: 200 } },
    });

  beforeAll(async () => {
    sim = await startSimulator({ seed: 113, scenario: { participants: 120 } });
    new JsonFileSettingsStore(path.join(dataDir, 'settings.json')).update({
      raceId: sim.raceId,
      practice: false,
      baseUrl: sim.url,
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('refuses to start while another program holds it, then takes up every unsent result', async () => {
    await sim.faults.set({ type: 'refused' }, { path: /user-results/ });
    const first = kioskOn();
    await first.start();
    let events = await first.api.getResultEvents();
    for (let i = 0; i < 200 && !events.some((e) => e.participants > 0); i++) {
      await new Promise((r) => setTimeout(r, 25));
      events = await first.api.getResultEvents();
    }
    const event = events.find((e) => e.participants > 0)!;
    const runners = sim.inspect.participants(event.eventId).slice(0, 3);
    const out = await first.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: runners.map((r, i) => ({
        registrationId: String(r.registration_id),
        clockTime: `0:3${i}:00`,
        // Elevation is required by some virtual events and ignored by the others.
        elevation: '100',
      })),
      source: 'keyboard',
    });
    expect(out.committed).toBe(3);
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
    for (let i = 0; i < 400 && second.unsentResults() > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(second.unsentResults()).toBe(0);
    await second.stop();
  });
});
