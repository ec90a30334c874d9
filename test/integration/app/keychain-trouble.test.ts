import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiosk } from '../../../main/app';
import type { Kiosk } from '../../../main/app';
import { AppError } from '../../../main/app-error';
import type { Cipher } from '../../../main/secrets';
import { EncryptedFileSecretStore } from '../../../main/secrets';
import { JsonFileSettingsStore } from '../../../main/settings';
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator } from '../../../main/simulator/index';

/** A stand-in keychain: reversible, and after `change()` it no longer reads what it wrote. */
function keychain(): Cipher & { change(): void; available: boolean } {
  let key = 0x21;
  const k = {
    available: true,
    isAvailable: () => k.available,
    encrypt: (plain: string) =>
      Buffer.concat([Buffer.from([key]), Buffer.from(plain).map((b) => b ^ key)]),
    decrypt: (data: Buffer) => {
      if (data[0] !== key)
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      return Buffer.from(data.subarray(1).map((b) => b ^ key)).toString();
    },
    change: () => {
      key += 1;
    },
  };
  return k;
}

// Keychain trouble is loud (issue 11, point 3): credentials that cannot be decrypted keep the
// race, pause its queue with a notice, and its unsent results stay counted.
describe('keychain trouble', () => {
  let sim: Simulator;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-keychain-'));
  const cipher = keychain();
  const kioskOn = (): Kiosk =>
    createKiosk({
      dataDir,
      settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.json')),
      secrets: new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), cipher),
      version: 'test',
      trustedBaseUrls: [sim.url],
      timings: { resultBackoff: { baseMs: 50, maxMs: 200 } },
    });
  const credentials = () => ({ kind: 'v2' as const, ...sim.credentials.v2 });

  beforeAll(async () => {
    sim = await startSimulator({ seed: 114, scenario: { participants: 120 } });
    new JsonFileSettingsStore(path.join(dataDir, 'settings.json')).update({
      raceId: sim.raceId,
      practice: false,
      baseUrl: sim.url,
    });
    new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), cipher).save(credentials());
  });
  afterAll(async () => {
    await sim.close();
  });

  it('keeps the race, counts its unsent results and pauses until the credentials are entered again', async () => {
    await sim.faults.set({ type: 'refused' }, { path: /user-results/ });
    const first = kioskOn();
    await first.start();
    let events = await first.api.getResultEvents();
    for (let i = 0; i < 200 && !events.some((e) => e.participants > 0); i++) {
      await new Promise((r) => setTimeout(r, 25));
      events = await first.api.getResultEvents();
    }
    const event = events.find((e) => e.participants > 0)!;
    const runners = sim.inspect.participants(event.eventId).slice(0, 2);
    await first.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: runners.map((r) => ({
        registrationId: String(r.registration_id),
        clockTime: '0:33:00',
        // Elevation is required by some virtual events and ignored by the others.
        elevation: '100',
      })),
      source: 'keyboard',
    });
    await first.stop();
    await sim.faults.clear();

    cipher.change();
    const second = kioskOn();
    await second.start();
    const status = await second.api.getStatus();
    expect(status.practice).toBe(false);
    expect(status.notice).toMatch(/could not be read.*enter the credentials again/);
    expect(status.queue.pausedReason).toMatch(/enter the credentials again/);
    expect(second.unsentResults()).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.inspect.results(event.eventId)).toEqual([]);

    await second.api.connect({ credentials: credentials(), raceId: sim.raceId });
    for (let i = 0; i < 400 && second.unsentResults() > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(second.unsentResults()).toBe(0);
    expect((await second.api.getStatus()).notice).toBeNull();
    await second.stop();
  });

  it('says in words that nothing was saved when the computer offers no secure storage', async () => {
    cipher.available = false;
    const kiosk = kioskOn();
    await kiosk.start();
    const refusal = await kiosk.api
      .connect({ credentials: credentials(), raceId: sim.raceId })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toMatch(/no secure storage.*NOT saved/);
    await kiosk.stop();
    cipher.available = true;
  });
});
