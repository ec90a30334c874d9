import { describe, expect, it } from 'vitest';
import type { ApiFailure, PublicSettings, RaceSummary } from '../../../preload/api';
import { failureError } from '../../../preload/failure';
import { SettingsState } from './settings.svelte';

const settings: PublicSettings = {
  raceId: 7,
  raceName: 'Spring 10K',
  eventIds: [],
  deviceName: 'Table 1',
  pollIntervalSec: 5,
  kiosk: false,
  baseUrl: 'https://runsignup.com/rest',
  practice: false,
  startAtLogin: false,
  autoUpdate: true,
  updateDuringRaceDay: false,
  credentialKind: 'v2',
  keychainWarning: null,
  callerRegistration: { source: 'built-in', regId: '9' },
  pinSet: false,
};
const race: RaceSummary = {
  raceId: 7,
  name: 'Spring 10K',
  events: [
    { eventId: 1, name: '10K', isVirtual: false, participants: 0, startTime: null },
    { eventId: 2, name: '5K', isVirtual: false, participants: 0, startTime: null },
  ],
  chosenEventIds: [1, 2],
  defaultEventIds: [1, 2],
};
const refuse = (failure: ApiFailure) => Promise.reject(failureError(failure));

/** An api answering like main, recording what it was asked. */
function fakeApi(overrides: Partial<ConstructorParameters<typeof SettingsState>[0]> = {}) {
  const calls: unknown[] = [];
  const api = {
    getSettings: async () => settings,
    getRace: async () => race,
    updateSettings: async (patch: object) => (calls.push(patch), { ...settings, ...patch }),
    connect: async () => race,
    selectRace: async (a: object) => (calls.push(a), settings),
    setPractice: async (a: object) => (calls.push(a), settings),
    clearCredentials: async (a: object) => (calls.push(a), settings),
    setOutage: async () => {
      throw new Error('not used');
    },
    ...overrides,
  } as ConstructorParameters<typeof SettingsState>[0];
  return { api, calls };
}

describe('SettingsState', () => {
  it('loads the settings and the race, and saves the device next to its card', async () => {
    const { api, calls } = fakeApi();
    const s = new SettingsState(api);
    await s.load();
    expect(s.deviceName).toBe('Table 1');
    expect(s.race?.name).toBe('Spring 10K');
    s.deviceName = 'Table 2';
    await s.saveDevice();
    expect(calls).toEqual([
      { deviceName: 'Table 2', pollIntervalSec: 5, baseUrl: 'https://runsignup.com/rest' },
    ]);
    expect(s.message).toEqual({ ok: true, text: 'Saved.', at: 'device' });
  });

  it('refuses a race id that is not a number before asking main', async () => {
    let asked = false;
    const { api } = fakeApi({ connect: async () => ((asked = true), race) });
    const s = new SettingsState(api);
    s.raceIdText = 'spring';
    await s.connect();
    expect(asked).toBe(false);
    expect(s.connectError?.kind).toBe('invalid-input');
  });

  it('clears the secrets once RunSignup accepts them, and offers the race', async () => {
    const { api } = fakeApi();
    const s = new SettingsState(api);
    s.raceIdText = ' 7 ';
    s.apiKey = 'key';
    s.apiSecret = 'secret';
    await s.connect();
    expect(s.candidate?.raceId).toBe(7);
    expect(s.apiSecret).toBe('');
    expect(s.connecting).toBe(false);
    expect(s.chosenEvents).toEqual([1, 2]);
  });

  it('asks before leaving unsent results behind, then switches when told to', async () => {
    const { api, calls } = fakeApi({
      setPractice: async (a) =>
        a.confirmUnsent
          ? (calls.push(a), settings)
          : refuse({ kind: 'unsent-results', message: '2 results have not been sent.' }),
    });
    const s = new SettingsState(api);
    await s.setPractice(true);
    expect(s.pendingConfirm).toMatchObject({ text: '2 results have not been sent.', at: 'race' });
    await s.pendingConfirm!.run();
    expect(calls).toEqual([{ on: true, confirmUnsent: true }]);
    expect(s.pendingConfirm).toBeNull();
    expect(s.message).toEqual({ ok: true, text: 'Practice race started.', at: 'race' });
  });

  it('keeps at least one event in use, and stores the default choice as none', async () => {
    const { api, calls } = fakeApi();
    const s = new SettingsState(api);
    await s.load();
    await s.toggleEvent(2, false);
    expect(calls).toEqual([{ eventIds: [1] }]);
    s.race = { ...race, chosenEventIds: [1] };
    await s.toggleEvent(1, false);
    expect(s.message).toEqual({ ok: false, text: 'Keep at least one event in use.', at: 'race' });
    await s.toggleEvent(2, true);
    expect(calls.at(-1)).toEqual({ eventIds: [] });
  });

  it('shows a failure in main’s words next to the control', async () => {
    const { api } = fakeApi({ setOutage: () => refuse({ kind: 'invalid-input', message: 'No.' }) });
    const s = new SettingsState(api);
    await s.setOutage(true);
    expect(s.message).toEqual({ ok: false, text: 'No.', at: 'race' });
  });
});
