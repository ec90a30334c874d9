import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../preload/api';
import { KioskModeState } from './kiosk-mode.svelte';
import { refuse } from './spec-support';

type KioskApi = ConstructorParameters<typeof KioskModeState>[0];

/** An api answering like main, recording each call. */
function fakeApi(overrides: Partial<KioskApi> = {}) {
  const calls: Array<[string, unknown]> = [];
  const ok =
    (name: string) =>
    async (arg?: unknown): Promise<AppStatus> => (calls.push([name, arg]), {} as AppStatus);
  const api = {
    enableKiosk: ok('enableKiosk'),
    disableKiosk: ok('disableKiosk'),
    lockSettings: ok('lockSettings'),
    updateSettings: ok('updateSettings'),
    ...overrides,
  } as KioskApi;
  return { api, calls };
}

describe('KioskModeState', () => {
  it('asks for the same PIN twice the first time, and confirms before locking', async () => {
    const { api, calls } = fakeApi();
    const k = new KioskModeState(api);
    k.pin = '123456';
    k.again = '123465';
    k.askEnable(false);
    expect([k.confirming, k.message?.text]).toEqual([false, 'The two PINs are not the same.']);
    k.again = '123456';
    k.askEnable(false);
    expect([k.confirming, k.message, calls]).toEqual([true, null, []]);
    await k.confirmEnable();
    expect(calls).toEqual([['enableKiosk', { pin: '123456' }]]);
    expect(k.message).toEqual({ ok: true, text: 'Kiosk mode is on. Settings now need the PIN.' });
    expect([k.pin, k.again, k.confirming]).toEqual(['', '', false]);
  });

  it('leaves kiosk mode, locks Settings and saves start at login', async () => {
    const { api, calls } = fakeApi();
    const k = new KioskModeState(api);
    k.pin = '123456';
    await k.disable();
    expect(k.message?.text).toBe('Kiosk mode is off.');
    await k.lock();
    expect(k.message?.text).toBe('Settings locked.');
    await k.setStartAtLogin(true);
    expect(k.message?.text).toBe('Saved.');
    expect(calls).toEqual([
      ['disableKiosk', { pin: '123456' }],
      ['lockSettings', undefined],
      ['updateSettings', { startAtLogin: true }],
    ]);
  });

  it('keeps the PIN typed and says why main refused it', async () => {
    const { api } = fakeApi({
      disableKiosk: () => refuse('locked', 'Wrong PIN. 4 tries left.'),
    });
    const k = new KioskModeState(api);
    k.pin = '111111';
    await k.disable();
    expect([k.message, k.pin]).toEqual([{ ok: false, text: 'Wrong PIN. 4 tries left.' }, '111111']);
  });
});
