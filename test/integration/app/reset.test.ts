import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiosk } from '../../../main/app';
import type { Kiosk } from '../../../main/app';
import { KioskError } from '../../../main/kiosk-error';
import { MemorySecretStore } from '../../../main/secrets';
import { JsonFileSettingsStore } from '../../../main/settings';
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator } from '../../../main/simulator/index';

// Resetting the kiosk for the next race: asks first with unsent results, exports them, forgets the rest.
describe('resetting the kiosk', () => {
  let sim: Simulator;
  let kiosk: Kiosk;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-reset-'));

  beforeAll(async () => {
    sim = await startSimulator({ seed: 71, scenario: { participants: 200 } });
    const settings = new JsonFileSettingsStore(path.join(dataDir, 'settings.json'));
    settings.update({
      raceId: sim.raceId,
      raceName: 'Reset 10K',
      practice: false,
      baseUrl: sim.url,
      deviceName: 'Table 3',
    });
    kiosk = createKiosk({
      dataDir,
      settings,
      secrets: new MemorySecretStore(
        { kind: 'v2', ...sim.credentials.v2 },
        { ...sim.callerRegistration },
      ),
      version: 'test',
      practice: { participants: 100 },
    });
    await kiosk.start();
    // The roster (not just the events) must be in before a bib can be entered.
    for (let i = 0; i < 200 && (await kiosk.api.getFeed()).stats.total < 200; i++)
      await new Promise((r) => setTimeout(r, 25));
  });

  afterAll(async () => {
    await kiosk.stop();
    await sim.close();
  });

  it('asks first when results are unsent, then exports them and starts over in practice', async () => {
    const event = (await kiosk.api.getResultEvents()).find((e) => e.name === 'Virtual 5K')!;
    const runner = sim.inspect.participants(event.eventId).find((p) => p.bib_num !== null)!;
    await sim.faults.set({ type: 'refused' });
    const out = await kiosk.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: [{ bib: String(runner.bib_num), clockTime: '0:27:13.4' }],
      source: 'keyboard',
    });
    expect(out.rejected).toEqual([]);
    expect(out.committed).toBe(1);

    const refusal = await kiosk.api.resetKiosk({ confirmUnsent: false }).catch((e: unknown) => e);
    expect((refusal as KioskError).kind).toBe('unsent-results');
    expect((await kiosk.api.getStatus()).practice).toBe(false);

    const { exported } = await kiosk.api.resetKiosk({ confirmUnsent: true });
    expect(exported).toHaveLength(1);
    const csv = fs.readFileSync(exported[0]!.path, 'utf8');
    expect(csv).toContain('00:27:13.4');
    expect(csv).toContain(String(runner.registration_id));

    expect(fs.existsSync(path.join(dataDir, 'kiosk.db'))).toBe(false);
    const status = await kiosk.api.getStatus();
    expect(status.practice).toBe(true);
    const settings = await kiosk.api.getSettings();
    expect(settings).toMatchObject({ credentialKind: 'none', raceId: null, deviceName: 'Table 3' });
  });
});
