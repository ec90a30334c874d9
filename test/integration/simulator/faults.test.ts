import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { get, getCheckins } from './sim-requests';

let sim: Simulator;
const racePath = () => `/race/${sim.raceId}`;

beforeAll(async () => {
  // Not about the caller registration: its cut-off date is moved out of the way.
  sim = await startSimulator({
    seed: 13,
    registrationRequiredFrom: '2100-01-01',
    scenario: { participants: 50 },
  });
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

/** The error a failed fetch carries underneath "fetch failed". */
async function fetchFailure(promise: Promise<unknown>): Promise<{ name: string; code?: string }> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { name: err.name, code: err.cause?.code };
  }
  throw new Error('expected the request to fail');
}

async function raceOk(): Promise<boolean> {
  const r = await get(sim, racePath(), { format: 'json' });
  return r.status === 200 && 'race' in (JSON.parse(r.text) as object);
}

describe('refused', () => {
  it('stops listening (ECONNREFUSED) and answers again on the same URL once cleared', async () => {
    const url = sim.url;
    expect(await raceOk()).toBe(true);
    await sim.faults.set({ type: 'refused' });
    expect((await fetchFailure(get(sim, racePath()))).code).toBe('ECONNREFUSED');
    expect((await fetchFailure(get(sim, racePath()))).code).toBe('ECONNREFUSED');
    await sim.faults.clear();
    expect(sim.url).toBe(url);
    expect(await raceOk()).toBe(true);
  });

  it('limited to a count: cuts that many requests off unanswered, then clears itself', async () => {
    await sim.faults.set({ type: 'refused' }, { count: 2 });
    for (let i = 0; i < 2; i++)
      expect((await fetchFailure(get(sim, racePath()))).name).toBe('TypeError');
    expect(sim.faults.active).toBeNull();
    expect(await raceOk()).toBe(true);
    expect(
      sim.inspect
        .requests()
        .filter((r) => r.fault === 'refused')
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([0, 0]);
  });

  it('limited to a path: other paths still answer', async () => {
    await sim.faults.set({ type: 'refused' }, { path: /checkin-timestamps/ });
    await fetchFailure(getCheckins(sim, { race_id: sim.raceId }));
    expect(await raceOk()).toBe(true);
    expect(sim.faults.active).toEqual({ type: 'refused' });
  });
});

describe('latency', () => {
  it('holds the answer back: a client with a short timeout gives up', async () => {
    await sim.faults.set({ type: 'latency', ms: 5000 });
    const failure = await fetchFailure(
      fetch(`${sim.url}${racePath()}`, { signal: AbortSignal.timeout(50) }),
    );
    expect(failure.name).toBe('TimeoutError');
  });

  it('a delayed answer is still the right answer', async () => {
    await sim.faults.set({ type: 'latency', ms: 20 }, { count: 1 });
    expect(await raceOk()).toBe(true);
    expect(sim.inspect.requests().at(-1)?.fault).toBe('latency');
  });
});

describe('http5xx', () => {
  it('answers an nginx HTML page, 502 by default', async () => {
    await sim.faults.set({ type: 'http5xx' });
    const r = await get(sim, racePath(), { format: 'json' });
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain('<h1>502 Bad Gateway</h1>');
    expect(r.text).toContain('nginx');
  });

  it.each([500, 503, 504] as const)('and %i when asked', async (status) => {
    await sim.faults.set({ type: 'http5xx', status });
    const r = await get(
      sim,
      '/v2/participants/checkin-timestamps.json',
      { race_id: sim.raceId },
      { auth: 'v2' },
    );
    expect(r.status).toBe(status);
    expect(r.text).toMatch(new RegExp(`<title>${status} `));
  });
});

describe('reset and truncated', () => {
  it('reset: headers arrive, then the body breaks off', async () => {
    await sim.faults.set({ type: 'reset' }, { count: 1 });
    const c = sim.credentials.v1;
    const res = await fetch(
      `${sim.url}${racePath()}?format=json&api_key=${c.apiKey}&api_secret=${c.apiSecret}`,
    );
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(await raceOk()).toBe(true);
  });

  it('truncated: a 200 whose JSON stops halfway', async () => {
    const full = (await get(sim, racePath(), { format: 'json' })).text;
    await sim.faults.set({ type: 'truncated' }, { count: 1 });
    const r = await get(sim, racePath(), { format: 'json' });
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text.length).toBeLessThan(full.length);
    expect(full.startsWith(r.text)).toBe(true);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });
});

describe('throttle', () => {
  it('v1 style: HTTP 200 with error code 14', async () => {
    await sim.faults.set({ type: 'throttle', style: 'v1' });
    const r = await get(sim, racePath(), { format: 'json' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ error: { error_code: 14 } });
  });

  it('429 style: HTTP 429 with Retry-After', async () => {
    await sim.faults.set({ type: 'throttle', style: '429', retryAfterSec: 7 });
    const r = await get(
      sim,
      '/v2/participants/checkin-timestamps.json',
      { race_id: sim.raceId },
      { auth: 'v2' },
    );
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
  });
});

describe('revoked', () => {
  it('every credential is invalid: v1 code 6, v2 401; only for the scoped requests', async () => {
    await sim.faults.set({ type: 'revoked' }, { count: 2 });
    const v1 = await get(sim, racePath(), { format: 'json' }, { auth: 'oauth' });
    expect(JSON.parse(v1.text)).toMatchObject({ error: { error_code: 6 } });
    const v2 = await getCheckins(sim, { race_id: sim.raceId });
    expect(v2.status).toBe(401);
    expect(await raceOk()).toBe(true);
  });
});

describe('scoping', () => {
  it('a counted fault on a path only counts matching requests', async () => {
    await sim.faults.set(
      { type: 'http5xx', status: 503 },
      { count: 1, path: /checkin-timestamps/ },
    );
    expect(await raceOk()).toBe(true);
    expect(sim.faults.active).not.toBeNull();
    expect(
      (await getCheckins(sim, { race_id: sim.raceId }).catch(() => ({ status: -1 }))).status,
    ).toBe(-1);
    expect(sim.faults.active).toBeNull();
    expect((await getCheckins(sim, { race_id: sim.raceId })).status).toBe(200);
  });

  it('setting a new fault replaces the old one', async () => {
    await sim.faults.set({ type: 'refused' });
    await sim.faults.set({ type: 'http5xx', status: 504 });
    expect((await get(sim, racePath())).status).toBe(504);
  });
});
