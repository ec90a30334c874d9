import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import type { AppError } from '../../../main/app-error';
import type { SecretStore } from '../../../main/secrets';
import type { SettingsStore } from '../../../main/settings';
import type { Simulator } from '../../../main/simulator/index';
import { kioskOnRace, simulator } from '../../support/kiosk';

// The stored key and secret go only to RunSignup's https hosts (issue 11, point 1): a listener
// on 127.0.0.1 never hears them, and a new host forgets them.
describe('the keys go only to RunSignup', () => {
  let sim: Simulator;
  /** Another RunSignup the test trusts (a second host: no request leaves this machine). */
  let other: Simulator;
  let kiosk: Kiosk;
  let secrets: SecretStore;
  let settings: SettingsStore;
  let listener: http.Server;
  let listenerUrl: string;
  const heard: string[] = [];

  beforeAll(async () => {
    sim = await simulator({ seed: 111, scenario: { participants: 50 } });
    other = await simulator({ seed: 112, scenario: { participants: 50 } });
    listener = http.createServer((req, res) => {
      heard.push(`${req.url} ${JSON.stringify(req.headers)}`);
      res.end('{}');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/rest`;
    ({ kiosk, settings, secrets } = kioskOnRace(sim, {
      trustedBaseUrls: [sim.url, other.url],
      timings: { probeIntervalMs: 100 },
    }));
    await kiosk.start();
  });

  afterAll(async () => {
    await new Promise((r) => listener.close(r));
  });

  it('refuses an http address or another host in Settings, and nothing reaches it', async () => {
    for (const baseUrl of [listenerUrl, 'https://127.0.0.1:9/rest', 'http://runsignup.com/rest']) {
      const refusal = await kiosk.api.updateSettings({ baseUrl }).catch((e: unknown) => e);
      expect((refusal as AppError).kind).toBe('invalid-input');
    }
    await kiosk.api.getSettings();
    await new Promise((r) => setTimeout(r, 500));
    expect(heard).toEqual([]);
    expect(settings.get().baseUrl).toBe(sim.url);
    expect(secrets.load()).not.toBeNull();
  });

  it('forgets the stored credentials when the host changes, and keeps the race waiting for new ones', async () => {
    await kiosk.api.updateSettings({ baseUrl: other.url });
    expect(secrets.load()).toBeNull();
    const s = await kiosk.api.getSettings();
    expect(s).toMatchObject({ credentialKind: 'none', practice: false, raceId: sim.raceId });
    const status = await kiosk.api.getStatus();
    expect(status.notice).toMatch(/enter the credentials again/);
    expect(status.queue.pausedReason).toMatch(/enter the credentials again/);
    expect(heard).toEqual([]);
    // The new host's own credentials: the race's queue goes again.
    await kiosk.api.updateSettings({ baseUrl: sim.url });
    await kiosk.api.connect({
      credentials: { kind: 'v2', ...sim.credentials.v2 },
      raceId: sim.raceId,
    });
    const after = await kiosk.api.getStatus();
    expect(after.notice).toBeNull();
    expect(after.queue.pausedReason).toBeNull();
  });
});
