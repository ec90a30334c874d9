import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiosk } from '../../../main/app';
import { MemorySecretStore } from '../../doubles/memory-secret-store';
import { JsonFileSettingsStore } from '../../../main/settings';
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator } from '../../../main/simulator/index';

// The app starting on bad state: a damaged database and a damaged settings file.
describe('starting on bad state', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 51, scenario: { participants: 200 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('sets a corrupt database aside untouched, says so, and still works', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bad-db-'));
    const junk = Buffer.from('SQLite format 3\u0000'.padEnd(8192, '#'));
    fs.writeFileSync(path.join(dataDir, 'kiosk.db'), junk);
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      '{"raceId": "not a number", "deviceName": 7, "pollIntervalSec": 2',
    );
    const settings = new JsonFileSettingsStore(path.join(dataDir, 'settings.json'));
    settings.update({
      raceId: sim.raceId,
      raceName: 'Bad State 5K',
      practice: false,
      baseUrl: sim.url,
    });
    const kiosk = createKiosk({
      dataDir,
      settings,
      secrets: new MemorySecretStore(
        { kind: 'v2', ...sim.credentials.v2 },
        { ...sim.callerRegistration },
      ),
      version: 'test',
      trustedBaseUrls: [sim.url],
    });
    await kiosk.start();
    const status = await kiosk.api.getStatus();
    expect(status.notice).toMatch(/damaged.*set aside untouched/);
    const aside = fs.readdirSync(dataDir).find((f) => f.startsWith('kiosk.db.corrupt-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, aside!))).toEqual(junk);
    for (let i = 0; i < 100 && (await kiosk.api.getFeed()).stats.total === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    // Runners in every event (stats.total counts in-person events only).
    const everyone = (await kiosk.api.getFeed()).stats.perEvent.reduce((n, e) => n + e.total, 0);
    expect(everyone).toBe(200);
    await kiosk.stop();
  });
});
