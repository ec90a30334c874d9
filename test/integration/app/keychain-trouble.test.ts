import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import { AppError } from '../../../main/app-error';
import type { Cipher } from '../../../main/secrets';
import { EncryptedFileSecretStore } from '../../../main/secrets';
import type { Simulator } from '../../../main/simulator/index';
import { allSent, commitRunnersTimes, kioskOnRace, simulator } from '../../support/kiosk';
import { tempDir } from '../../support/temp-dir';

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
  const dataDir = tempDir('keychain');
  const cipher = keychain();
  const secrets = () => new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), cipher);
  /** A kiosk on the race, its credentials in the (stand-in) keychain, on the same data folder each time. */
  const kioskOn = (): Kiosk =>
    kioskOnRace(sim, {
      dataDir,
      secrets: secrets(),
      timings: { resultBackoff: { baseMs: 50, maxMs: 200 } },
    }).kiosk;
  const credentials = () => ({ kind: 'v2' as const, ...sim.credentials.v2 });

  beforeAll(async () => {
    sim = await simulator({ seed: 114, scenario: { participants: 120 } });
    const stored = secrets();
    stored.save(credentials());
    stored.saveCaller({ ...sim.callerRegistration });
  });

  it('keeps the race, counts its unsent results and pauses until the credentials are entered again', async () => {
    await sim.faults.set({ type: 'refused' }, { path: /user-results/ });
    const first = kioskOn();
    await first.start();
    const { eventId } = await commitRunnersTimes(first, sim, 2);
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
    expect(sim.inspect.results(eventId)).toEqual([]);

    // Both were in the keychain: the key and this app's caller registration are entered again.
    await second.api.connect({
      credentials: credentials(),
      raceId: sim.raceId,
      callerRegistration: { ...sim.callerRegistration },
    });
    await allSent(second);
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
