import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import { everyone, kioskOnRace, simulator } from '../../support/kiosk';
import { tempDir } from '../../support/temp-dir';
import { until } from '../../support/until';

// The app starting on bad state: a damaged database and a damaged settings file.
describe('starting on bad state', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator({ seed: 51, scenario: { participants: 200 } });
  });

  it('sets a corrupt database aside untouched, says so, and still works', async () => {
    const dataDir = tempDir('bad-db');
    const junk = Buffer.from('SQLite format 3\u0000'.padEnd(8192, '#'));
    fs.writeFileSync(path.join(dataDir, 'kiosk.db'), junk);
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      '{"raceId": "not a number", "deviceName": 7, "pollIntervalSec": 2',
    );
    const { kiosk } = kioskOnRace(sim, { dataDir, settings: { raceName: 'Bad State 5K' } });
    await kiosk.start();
    const status = await kiosk.api.getStatus();
    expect(status.notice).toMatch(/damaged.*set aside untouched/);
    const aside = fs.readdirSync(dataDir).find((f) => f.startsWith('kiosk.db.corrupt-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, aside!))).toEqual(junk);
    await until(kiosk.api.getFeed, (f) => everyone(f) === 200, 'the roster', 5_000);
  });
});
