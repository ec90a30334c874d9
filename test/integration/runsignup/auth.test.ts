import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import type { Credentials } from '../../../main/runsignup/credentials';
import type { ApiError } from '../../../main/runsignup/errors';
import { allSecrets, credentialsFor, failure, simClient, smallSimulator } from './sim-client';
import type { SimClient } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await smallSimulator();
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.restoreCredentials();
});

/** No secret of either race in the client's log, the error, or any URL the simulator logged. */
function expectNoSecretsLeaked(c: SimClient, error?: ApiError): void {
  const simLog = JSON.stringify(sim.inspect.requests());
  for (const secret of allSecrets(sim)) {
    expect(c.logger.text()).not.toContain(secret);
    expect(simLog).not.toContain(secret);
    if (error) expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(secret);
  }
}

const wrong = (kind: Credentials['kind']): Credentials =>
  kind === 'oauth'
    ? { kind, accessToken: 'not-a-real-token-0000' }
    : { kind, apiKey: 'not-a-real-key-1111', apiSecret: 'not-a-real-secret-2222' };

describe.each(['v1', 'v2', 'oauth'] as const)('%s credentials', (kind) => {
  it('good: verify succeeds, and each secret travelled only where its mode puts it', async () => {
    const c = simClient(sim, credentialsFor(sim, kind));
    const race = await c.client.verify(sim.raceId);
    expect(race.raceId).toBe(sim.raceId);
    const own = sim.credentials;
    for (const r of c.sent) {
      const url = new URL(r.url);
      expect(r.headers['user-agent']).toBe('RaceDayKiosk/0.1.0');
      if (kind === 'v1') {
        expect(url.searchParams.get('api_key')).toBe(own.v1.apiKey);
        expect(url.searchParams.get('api_secret')).toBe(own.v1.apiSecret);
        expect(r.headers['x-rsu-api-secret']).toBeUndefined();
        expect(r.headers.authorization).toBeUndefined();
      } else if (kind === 'v2') {
        expect(url.searchParams.get('rsu_api_key')).toBe(own.v2.apiKey);
        expect(r.url).not.toContain(own.v2.apiSecret);
        expect(r.headers['x-rsu-api-secret']).toBe(own.v2.apiSecret);
      } else {
        expect(r.url).not.toContain(own.oauth.accessToken);
        expect(r.headers.authorization).toBe(`Bearer ${own.oauth.accessToken}`);
      }
    }
    expectNoSecretsLeaked(c);
  });

  it('wrong: needs-user, said plainly, tried once', async () => {
    const c = simClient(sim, wrong(kind));
    const error = await failure(c.client.verify(sim.raceId));
    expect(error.kind).toBe('needs-user');
    expect(error.message).toMatch(/^RunSignup rejected the (API key|sign-in token) \(/);
    expect(c.sent).toHaveLength(1);
    expect(c.sleeps).toEqual([]);
    expectNoSecretsLeaked(c, error);
  });

  it('revoked: what worked a moment ago now needs the user', async () => {
    const c = simClient(sim, credentialsFor(sim, kind));
    await c.client.getRace(sim.raceId);
    sim.control.revokeCredentials();
    const onV1 = await failure(c.client.getRace(sim.raceId));
    expect([onV1.kind, onV1.details.code, onV1.details.status]).toEqual(['needs-user', 6, 200]);
    const onV2 = await failure(c.client.getCheckins({ raceId: sim.raceId, page: 1, num: 10 }));
    expect([onV2.kind, onV2.details.status]).toEqual(['needs-user', 401]);
    sim.control.restoreCredentials();
    await expect(c.client.getRace(sim.raceId)).resolves.toMatchObject({ raceId: sim.raceId });
    expectNoSecretsLeaked(c, onV1);
  });

  it('another race’s keys: no permission here (needs-user)', async () => {
    const c = simClient(sim, credentialsFor(sim, kind, 'other'));
    const error = await failure(c.client.verify(sim.raceId));
    expect(error.kind).toBe('needs-user');
    expect(error.message).toMatch(/permission|belong to race/);
    expectNoSecretsLeaked(c, error);
  });

  it('unknown race: permanent, error 201', async () => {
    const c = simClient(sim, credentialsFor(sim, kind));
    const error = await failure(c.client.verify(1));
    expect([error.kind, error.details.code]).toEqual(['permanent', 201]);
    expect(error.message).toContain('could not find this race');
    const onV2 = await failure(c.client.getCheckins({ raceId: 1, page: 1, num: 1 }));
    expect([onV2.kind, onV2.details.status]).toEqual(['permanent', 404]);
  });
});

describe('missing credentials', () => {
  it('none configured: needs-user before anything is sent', async () => {
    const c = simClient(sim, null);
    sim.inspect.clearRequests();
    const error = await failure(c.client.getRace(sim.raceId));
    expect(error.kind).toBe('needs-user');
    expect(error.message).toMatch(/No RunSignup credentials/);
    expect(c.sent).toHaveLength(0);
    expect(sim.inspect.requests()).toHaveLength(0);
    expect(c.outcomes).toHaveLength(0);
  });

  it('a v2 key with an empty secret: the server says the secret is missing (401)', async () => {
    const c = simClient(sim, { kind: 'v2', apiKey: sim.credentials.v2.apiKey, apiSecret: '' });
    const error = await failure(c.client.getEntityInfo());
    expect([error.kind, error.details.status]).toEqual(['needs-user', 401]);
    expect(error.message).toContain('X-RSU-API-SECRET');
  });
});

describe('v2 super partner keys', () => {
  it('send sp_api_key instead of rsu_api_key', async () => {
    const c = simClient(sim, { ...credentialsFor(sim, 'v2'), superPartner: true } as Credentials);
    const info = await c.client.getEntityInfo();
    expect(info).toMatchObject({ entityType: 'race', entitySpecificId: sim.raceId });
    const url = new URL(c.sent[0]?.url ?? 'x:');
    expect(url.searchParams.get('sp_api_key')).toBe(sim.credentials.v2.apiKey);
    expect(url.searchParams.has('rsu_api_key')).toBe(false);
  });
});

describe('the simulator’s request log', () => {
  it('never holds a secret, in any mode, even on failures', async () => {
    sim.inspect.clearRequests();
    for (const kind of ['v1', 'v2', 'oauth'] as const) {
      const good = simClient(sim, credentialsFor(sim, kind));
      await good.client.getRace(sim.raceId);
      await good.client.getCheckins({ raceId: sim.raceId, page: 1, num: 5 });
      await failure(simClient(sim, wrong(kind)).client.getRace(sim.raceId));
    }
    const log = sim.inspect.requests();
    expect(log.length).toBe(9);
    const text = JSON.stringify(log);
    for (const secret of [...allSecrets(sim), 'not-a-real-secret-2222', 'not-a-real-token-0000']) {
      expect(text).not.toContain(secret);
    }
    // v2 and OAuth requests never carried a secret in the URL at all
    for (const entry of log.filter((e) => e.auth !== 'v1'))
      expect(entry.query.api_secret).toBeUndefined();
  });
});
