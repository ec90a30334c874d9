import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import type { AuthStyle } from './sim-requests';
import { authFor, get, urlFor } from './sim-requests';

let sim: Simulator;
let virtualEventId: number;
let registrationId: number;

beforeAll(async () => {
  // Not about the caller registration: its cut-off date is moved out of the way.
  sim = await startSimulator({
    seed: 3,
    registrationRequiredFrom: '2100-01-01',
    scenario: { participants: 60 },
  });
  const v = sim.inspect.events().find((e) => e.eventType === 'virtual_race');
  if (!v) throw new Error('no virtual event');
  virtualEventId = v.eventId;
  registrationId = sim.inspect.participants(virtualEventId)[0]?.registration_id ?? 0;
});
afterAll(() => sim.close());

const STYLES: AuthStyle[] = ['v1', 'v2', 'oauth'];

/** Every endpoint, as a request that succeeds with good credentials. */
function endpoints(): Array<{
  name: string;
  v2: boolean;
  send: (style: AuthStyle, wrong?: boolean) => Promise<{ status: number; text: string }>;
}> {
  const raceId = sim.raceId;
  const creds = (wrong?: boolean) =>
    wrong
      ? {
          v1: { apiKey: 'nope', apiSecret: 'nope' },
          v2: { apiKey: sim.credentials.v2.apiKey, apiSecret: 'wrong-secret' },
          oauth: { accessToken: 'expired-token' },
        }
      : sim.credentials;
  const getter =
    (path: string, params: Record<string, string | number>) =>
    (style: AuthStyle, wrong?: boolean) =>
      get(sim, path, params, { auth: style, creds: creds(wrong) });
  return [
    { name: 'race', v2: false, send: getter(`/race/${raceId}`, { format: 'json' }) },
    {
      name: 'participants',
      v2: false,
      send: getter(`/race/${raceId}/participants`, { format: 'json', event_id: virtualEventId }),
    },
    {
      name: 'removed-participants',
      v2: false,
      send: getter(`/race/${raceId}/removed-participants`, { format: 'json' }),
    },
    {
      name: 'get-result-sets',
      v2: false,
      send: getter(`/race/${raceId}/results/get-result-sets`, {
        format: 'json',
        event_id: virtualEventId,
      }),
    },
    {
      name: 'checkin-timestamps',
      v2: true,
      send: getter('/v2/participants/checkin-timestamps.json', { race_id: raceId }),
    },
    { name: 'entity-info', v2: true, send: getter('/v2/auth-info/entity-info.json', {}) },
    {
      name: 'user-results',
      v2: false,
      send: async (style, wrong) => {
        const auth = authFor(creds(wrong), style);
        const res = await fetch(
          urlFor(sim, `/race/${raceId}/results/user-results`, { ...auth.query, format: 'json' }),
          {
            method: 'POST',
            headers: auth.headers,
            body: new URLSearchParams({
              event_id: String(virtualEventId),
              request_format: 'json',
              request: JSON.stringify({
                virtual_results: [{ registration_id: registrationId, clock_time: '00:20:00.0' }],
              }),
            }),
          },
        );
        return { status: res.status, text: await res.text() };
      },
    },
  ];
}

function v1Code(text: string): number | undefined {
  return (JSON.parse(text) as { error?: { error_code: number } }).error?.error_code;
}

describe('every endpoint accepts every credential form', () => {
  it('good credentials succeed', async () => {
    for (const ep of endpoints()) {
      for (const style of STYLES) {
        const r = await ep.send(style);
        expect(r.status, `${ep.name} ${style}`).toBe(200);
        expect(JSON.parse(r.text), `${ep.name} ${style}`).not.toHaveProperty('error');
      }
    }
  });

  it('wrong credentials: v1 endpoints say code 6 in HTTP 200, v2 endpoints say 401', async () => {
    for (const ep of endpoints()) {
      for (const style of STYLES) {
        const r = await ep.send(style, true);
        if (ep.v2) {
          expect(r.status, `${ep.name} ${style}`).toBe(401);
          expect(typeof (JSON.parse(r.text) as { error: unknown }).error).toBe('string');
        } else {
          expect(r.status, `${ep.name} ${style}`).toBe(200);
          expect(v1Code(r.text), `${ep.name} ${style}`).toBe(6);
        }
      }
    }
  });

  it('missing credentials: v1 endpoints say code 7 "Permission Denied" in HTTP 200, v2 say 401', async () => {
    for (const ep of endpoints()) {
      const r = await ep.send('none');
      if (ep.v2) expect(r.status, ep.name).toBe(401);
      else {
        expect(r.status, ep.name).toBe(200);
        expect(v1Code(r.text), ep.name).toBe(7);
        expect(r.text, ep.name).toContain('Permission Denied');
      }
    }
  });

  it('revoked credentials are refused until restored', async () => {
    sim.control.revokeCredentials();
    try {
      for (const ep of endpoints()) {
        for (const style of STYLES) {
          const r = await ep.send(style);
          if (ep.v2) expect(r.status, `${ep.name} ${style}`).toBe(401);
          else expect(v1Code(r.text), `${ep.name} ${style}`).toBe(6);
        }
      }
    } finally {
      sim.control.restoreCredentials();
    }
    const again = await endpoints()[0]?.send('v1');
    expect(again?.status).toBe(200);
    expect(JSON.parse(again?.text ?? '{}')).toHaveProperty('race');
  });
});

describe('auth details', () => {
  it('a v1 key without its secret is refused', async () => {
    const r = await get(
      sim,
      `/race/${sim.raceId}`,
      { format: 'json', api_key: sim.credentials.v1.apiKey },
      { auth: 'none' },
    );
    expect(v1Code(r.text)).toBe(6);
  });

  it('a v2 key with the secret in the URL is refused even when the secret is right', async () => {
    const params = {
      format: 'json',
      rsu_api_key: sim.credentials.v2.apiKey,
      api_secret: sim.credentials.v2.apiSecret,
    };
    const v1 = await get(sim, `/race/${sim.raceId}`, params, { auth: 'none' });
    expect(v1Code(v1.text)).toBe(6);
    expect(v1.text).toMatch(/X-RSU-API-SECRET/);
    const v2 = await get(
      sim,
      '/v2/participants/checkin-timestamps.json',
      { ...params, race_id: sim.raceId },
      { auth: 'none' },
    );
    expect(v2.status).toBe(401);
  });

  it('a v2 key without the header is refused', async () => {
    const r = await get(
      sim,
      '/v2/auth-info/entity-info.json',
      { rsu_api_key: sim.credentials.v2.apiKey },
      { auth: 'none' },
    );
    expect(r.status).toBe(401);
  });

  it('sp_api_key is accepted like rsu_api_key', async () => {
    const r = await get(
      sim,
      '/v2/participants/checkin-timestamps.json',
      { race_id: sim.raceId, sp_api_key: sim.credentials.v2.apiKey },
      { auth: 'none', headers: { 'X-RSU-API-SECRET': sim.credentials.v2.apiSecret } },
    );
    expect(r.status).toBe(200);
  });

  it("another race's valid key: permission denied (code 7 / HTTP 403)", async () => {
    for (const style of STYLES) {
      const v1 = await get(
        sim,
        `/race/${sim.raceId}/participants`,
        { format: 'json', event_id: virtualEventId },
        { auth: style, creds: sim.otherRace.credentials },
      );
      expect(v1Code(v1.text), style).toBe(7);
      const v2 = await get(
        sim,
        '/v2/participants/checkin-timestamps.json',
        { race_id: sim.raceId },
        { auth: style, creds: sim.otherRace.credentials },
      );
      expect(v2.status, style).toBe(403);
    }
  });

  it('entity-info names the race the key belongs to', async () => {
    const own = await get(sim, '/v2/auth-info/entity-info.json', {}, { auth: 'v2' });
    expect(JSON.parse(own.text)).toMatchObject({
      entity_type: 'race',
      entity_specific_id: sim.raceId,
    });
    expect(JSON.parse(own.text)).toHaveProperty('generic_entity_id');
    expect(JSON.parse(own.text)).toHaveProperty('entity_name');
    const other = await get(
      sim,
      '/v2/auth-info/entity-info.json',
      {},
      { auth: 'v2', creds: sim.otherRace.credentials },
    );
    expect(JSON.parse(other.text)).toMatchObject({ entity_specific_id: sim.otherRace.raceId });
  });

  it('credentials are stable for a seed and differ between seeds', async () => {
    const again = await startSimulator({ seed: 3, scenario: { participants: 1 } });
    const different = await startSimulator({ seed: 4, scenario: { participants: 1 } });
    try {
      expect(again.credentials).toEqual(sim.credentials);
      expect(different.credentials.v1.apiKey).not.toBe(sim.credentials.v1.apiKey);
    } finally {
      await again.close();
      await different.close();
    }
  });
});
