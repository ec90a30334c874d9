import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import type { ApiError } from '../../../main/runsignup/errors';
import { allSecrets, credentialsFor, failure, simClient, smallSimulator } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await smallSimulator();
});
afterAll(() => sim.close());
afterEach(async () => {
  await sim.faults.clear();
});

const v1 = () => simClient(sim, credentialsFor(sim, 'v1'));
const getRace = (c: ReturnType<typeof v1>) => c.client.getRace(sim.raceId);

describe('connection refused', () => {
  it('is transient and a network failure, retried with backoff, then thrown', async () => {
    await sim.faults.set({ type: 'refused' });
    const c = v1();
    const error = await failure(getRace(c));
    expect(error.kind).toBe('transient');
    expect(error.details.network).toBe(true);
    expect(error.message).toBe('Could not connect to RunSignup (connection refused)');
    expect(c.sent).toHaveLength(3);
    expect(c.sleeps).toEqual([75, 150]); // 100 ms base, doubling, jitter fixed at 0.5
    expect(c.outcomes.every((o) => !o.ok && o.error.details.network)).toBe(true);
  });

  it('recovers when the server listens again between tries', async () => {
    await sim.faults.set({ type: 'refused' });
    const c = simClient(sim, credentialsFor(sim, 'v1'), {
      sleep: async () => {
        await sim.faults.clear();
      },
    });
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.outcomes.map((o) => o.ok)).toEqual([false, true]);
  });

  it('a connection cut before any answer is a network failure too', async () => {
    await sim.faults.set({ type: 'refused' }, { count: 5, path: /\/race\// });
    const error = await failure(getRace(v1()));
    expect([error.kind, error.details.network]).toEqual(['transient', true]);
  });
});

describe('latency and timeouts', () => {
  it('a slow answer within the timeout is fine', async () => {
    await sim.faults.set({ type: 'latency', ms: 50 });
    const c = simClient(sim, credentialsFor(sim, 'v1'), { timeoutMs: 2000 });
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
  });

  it('an answer slower than the timeout is a transient network failure', async () => {
    await sim.faults.set({ type: 'latency', ms: 600 });
    const c = simClient(sim, credentialsFor(sim, 'v1'), {
      timeoutMs: 100,
      retry: { attempts: 2, baseMs: 10, maxMs: 10 },
    });
    const error = await failure(getRace(c));
    expect(error.kind).toBe('transient');
    expect(error.details.network).toBe(true);
    expect(error.message).toBe('RunSignup did not answer within 100 ms (timeout)');
    expect(c.sent).toHaveLength(2);
    // Let the abandoned requests finish at the simulator, so they cannot take the next test's fault.
    await new Promise((r) => setTimeout(r, 800));
  });
});

describe('5xx with an HTML page', () => {
  it.each([500, 502, 503, 504] as const)('HTTP %i is transient and retried', async (status) => {
    await sim.faults.set({ type: 'http5xx', status }, { count: 1 });
    const c = v1();
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.sent).toHaveLength(2);
    expect(c.outcomes[0]).toMatchObject({
      ok: false,
      error: { kind: 'transient', details: { status } },
    });
    expect(c.logger.text()).toContain(`HTTP ${status}, a web page instead of data`);
  });

  it('persisting 5xx ends as a transient error that is not a network failure', async () => {
    await sim.faults.set({ type: 'http5xx' });
    const error = await failure(getRace(v1()));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(502);
    expect(error.details.network).toBeUndefined();
  });
});

describe('broken bodies', () => {
  it('a reset in the middle of the body is a transient network failure, retried', async () => {
    await sim.faults.set({ type: 'reset' }, { count: 1 });
    const c = v1();
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.outcomes[0]).toMatchObject({
      ok: false,
      error: { kind: 'transient', details: { network: true, status: 200 } },
    });
    expect(c.logger.text()).toContain('The connection to RunSignup was cut');
  });

  it('truncated JSON is malformed; a GET tries again (it may be a cut transfer)', async () => {
    await sim.faults.set({ type: 'truncated' }, { count: 1 });
    const c = v1();
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.outcomes[0]).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('persistently truncated JSON ends as malformed, never a crash', async () => {
    await sim.faults.set({ type: 'truncated' });
    const error = await failure(v1().client.getCheckins({ raceId: sim.raceId, page: 1, num: 100 }));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('cut off or not JSON');
  });
});

describe('throttling', () => {
  it('v1 style (error 14 inside HTTP 200) backs off longer than transient, then succeeds', async () => {
    await sim.faults.set({ type: 'throttle', style: 'v1' }, { count: 1 });
    const c = v1();
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.outcomes[0]).toMatchObject({
      ok: false,
      error: { kind: 'throttled', details: { code: 14 } },
    });
    expect(c.sleeps).toEqual([300]); // 4 × the 75 ms a transient failure would wait
  });

  it('v1 style on a v2 endpoint is understood too', async () => {
    await sim.faults.set({ type: 'throttle', style: 'v1' });
    const c = simClient(sim, credentialsFor(sim, 'v2'));
    const error = await failure(c.client.getCheckins({ raceId: sim.raceId, page: 1, num: 10 }));
    expect([error.kind, error.details.code]).toEqual(['throttled', 14]);
  });

  it('HTTP 429 waits what Retry-After says', async () => {
    await sim.faults.set({ type: 'throttle', style: '429', retryAfterSec: 1 }, { count: 1 });
    const c = v1();
    await expect(getRace(c)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(c.sleeps).toEqual([1000]);
  });

  it('a Retry-After longer than the policy allows goes back to the caller with the wait', async () => {
    await sim.faults.set({ type: 'throttle', style: '429', retryAfterSec: 30 });
    const c = v1();
    const error = await failure(getRace(c));
    expect(error.kind).toBe('throttled');
    expect(error.details.retryAfterMs).toBe(30_000);
    expect(error.message).toContain('retry after 30 s');
    expect(c.sleeps).toEqual([]);
    expect(c.sent).toHaveLength(1);
  });
});

describe('revoked fault', () => {
  it('answers every credential as invalid: needs-user, no retries', async () => {
    await sim.faults.set({ type: 'revoked' });
    const c = simClient(sim, credentialsFor(sim, 'oauth'));
    const error = await failure(c.client.getCheckins({ raceId: sim.raceId, page: 1, num: 10 }));
    expect([error.kind, error.details.status]).toEqual(['needs-user', 401]);
    expect(error.message).toMatch(/^RunSignup rejected the sign-in token/);
    expect(c.sent).toHaveLength(1);
  });
});

describe('POSTs are never retried by the client', () => {
  it.each([
    ['http5xx', { type: 'http5xx' as const }],
    ['reset', { type: 'reset' as const }],
    ['throttle', { type: 'throttle' as const, style: '429' as const, retryAfterSec: 1 }],
  ])('%s on user-results: one POST, the error goes to the caller', async (_name, fault) => {
    await sim.faults.set(fault, { path: /user-results/ });
    sim.inspect.clearRequests();
    const c = v1();
    const [p] = sim.inspect.participants(661704);
    const error = await failure(
      c.client.postUserResults({
        raceId: sim.raceId,
        eventId: 661704,
        rows: [{ registrationId: p?.registration_id ?? 1, bib: null, clockTime: '00:30:00.0' }],
      }),
    );
    expect(['transient', 'throttled']).toContain(error.kind);
    expect(sim.inspect.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(c.sleeps).toEqual([]);
  });
});

describe('no secrets anywhere after all these failures', () => {
  it('log lines, error messages and the simulator log stay clean', async () => {
    const c = v1();
    const errors: ApiError[] = [];
    for (const fault of [
      { type: 'refused' as const },
      { type: 'http5xx' as const },
      { type: 'truncated' as const },
      { type: 'reset' as const },
      { type: 'throttle' as const, style: 'v1' as const },
    ]) {
      await sim.faults.set(fault);
      errors.push(await failure(getRace(c)));
    }
    const text = [
      c.logger.text(),
      JSON.stringify(sim.inspect.requests()),
      ...errors.map((e) => e.message),
    ].join('\n');
    for (const secret of allSecrets(sim)) expect(text).not.toContain(secret);
    expect(c.logger.text()).toContain('api_secret=[REDACTED]');
  });
});
