import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonFileSettingsStore, defaultSettings, readSettings } from '../../../main/settings';
import { EncryptedFileSecretStore } from '../../../main/secrets';
import type { Cipher } from '../../../main/secrets';
import { tempFile } from '../../support/temp-dir';

describe('settings', () => {
  it('defaults to practice mode with sensible values', () => {
    expect(defaultSettings).toMatchObject({
      practice: true,
      pollIntervalSec: 5,
      raceId: null,
      kiosk: false,
    });
  });

  it('keeps good fields and drops bad ones from a damaged file', () => {
    const s = readSettings({ deviceName: 'Table 2', pollIntervalSec: 'often', raceId: -4 });
    expect(s.deviceName).toBe('Table 2');
    expect(s.pollIntervalSec).toBe(5);
    expect(s.raceId).toBeNull();
  });

  it('persists to a JSON file and reads it back', () => {
    const file = tempFile('settings', 'settings.json');
    new JsonFileSettingsStore(file).update({ deviceName: 'Finish line', raceId: 85675 });
    expect(new JsonFileSettingsStore(file).get()).toMatchObject({
      deviceName: 'Finish line',
      raceId: 85675,
    });
  });

  it('starts from defaults when the file is not JSON', () => {
    const file = tempFile('settings', 'settings.json');
    fs.writeFileSync(file, '{not json');
    expect(new JsonFileSettingsStore(file).get()).toEqual(defaultSettings);
  });
});

describe('the secret store', () => {
  // A reversible stand-in for safeStorage; the real one is the OS keychain.
  const cipher: Cipher = {
    isAvailable: () => true,
    encrypt: (s) => Buffer.from(s, 'utf8').reverse(),
    decrypt: (b) => Buffer.from(b).reverse().toString('utf8'),
  };

  it('round-trips credentials and never writes the secret in clear', () => {
    const file = tempFile('secrets', 'credentials.bin');
    const store = new EncryptedFileSecretStore(file, cipher);
    store.save({ kind: 'v2', apiKey: 'key-abc', apiSecret: 'secret-xyz-123' });
    expect(fs.readFileSync(file).toString('utf8')).not.toContain('secret-xyz-123');
    expect(new EncryptedFileSecretStore(file, cipher).load()).toEqual({
      kind: 'v2',
      apiKey: 'key-abc',
      apiSecret: 'secret-xyz-123',
    });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('refuses to save when the OS offers no secure storage', () => {
    const file = tempFile('secrets', 'credentials.bin');
    const store = new EncryptedFileSecretStore(file, { ...cipher, isAvailable: () => false });
    expect(() => store.save({ kind: 'oauth', accessToken: 'tok' })).toThrow(/secure storage/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('answers null for an unreadable file', () => {
    const file = tempFile('secrets', 'credentials.bin');
    fs.writeFileSync(file, 'garbage');
    expect(new EncryptedFileSecretStore(file, cipher).load()).toBeNull();
  });
});
