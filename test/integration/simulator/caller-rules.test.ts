// The simulator holds callers to RunSignup's API caller rules (docs/RUNSIGNUP.md §7): the
// registration every call carries from 2027-01-01, and at most 2 calls at once per caller.
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { Simulator } from '../../../main/simulator/index';
import { simulator as sim } from '../../support/kiosk';
import { get } from './sim-requests';

type Row = Record<string, unknown>;

describe('API caller registration (code 17)', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 31, 23, 0, 0));
  let s: Simulator;
  beforeAll(async () => {
    s = await sim({ seed: 93, clock, scenario: { participants: 20 } });
  });
  const v2Path = '/v2/participants/checkin-timestamps.json';
  const call = (path: string, headers: Record<string, string>, query: Record<string, string>) =>
    get(
      s,
      path,
      { format: 'json', race_id: s.raceId, ...query },
      { auth: 'v2', headers, caller: null },
    );
  const reg = () => ({
    query: { rsu_api_reg: s.callerRegistration.regId },
    headers: { 'X-RSU-API-REG-SECRET': s.callerRegistration.secret },
  });
  const paths = () => [`/race/${s.raceId}`, v2Path, '/v2/auth-info/entity-info.json'];

  it('the right registration passes, on v1 and v2 endpoints', async () => {
    for (const path of paths()) {
      const r = await call(path, reg().headers, reg().query);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toMatch(/error_code/);
    }
  });

  it('a wrong one fails every call with HTTP 400 and code 17, whatever the date', async () => {
    for (const path of paths()) {
      const r = await call(path, { 'X-RSU-API-REG-SECRET': 'wrong' }, reg().query);
      expect(r.status, path).toBe(400);
      const body = JSON.parse(r.text) as { error: Row; error_details: unknown[] };
      expect(body.error).toEqual({ error_code: 17, error_msg: 'Invalid API caller credentials.' });
      expect(body.error_details.length).toBeGreaterThan(0);
    }
    const unknownId = await call(v2Path, reg().headers, { rsu_api_reg: '1' });
    expect(unknownId.status).toBe(400);
  });

  it('it is not authentication: with no race key the call still fails on the key', async () => {
    const r = await get(
      s,
      `/race/${s.raceId}`,
      { format: 'json', ...reg().query },
      { auth: 'none', headers: reg().headers, caller: null },
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({
      error: { error_code: 7, error_msg: 'Permission Denied' },
    });
  });

  it('a missing one passes until 2027-01-01, then fails like a wrong one', async () => {
    expect((await call(v2Path, {}, {})).status).toBe(200);
    clock.set(Date.UTC(2027, 0, 1, 0, 0, 0));
    for (const path of paths()) {
      const r = await call(path, {}, {});
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text).error.error_code, path).toBe(17);
    }
    expect((await call(v2Path, reg().headers, reg().query)).status).toBe(200);
  });

  it('the date is an option; revoking makes the right pair wrong until restored', async () => {
    const early = await sim({
      seed: 93,
      clock: new ManualClock(Date.UTC(2026, 5, 1)),
      registrationRequiredFrom: '2026-01-01',
      scenario: { participants: 5 },
    });
    const r = await get(early, v2Path, { race_id: early.raceId }, { auth: 'v2', caller: null });
    expect(r.status).toBe(400);
    s.control.revokeCallerRegistration();
    expect((await call(v2Path, reg().headers, reg().query)).status).toBe(400);
    s.control.restoreCallerRegistration();
    expect((await call(v2Path, reg().headers, reg().query)).status).toBe(200);
  });
});

describe('at most 2 calls at once per caller', () => {
  let s: Simulator;
  beforeAll(async () => {
    s = await sim({ seed: 94, scenario: { participants: 20 } });
  });

  it('a third concurrent call is refused as throttled (v1 code 14; HTTP 429 on v2)', async () => {
    await s.faults.set({ type: 'latency', ms: 300 }, { count: 2 });
    const slow = [
      get(s, `/race/${s.raceId}`, { format: 'json' }),
      get(s, `/race/${s.raceId}`, { format: 'json' }),
    ];
    await new Promise((r) => setTimeout(r, 100));
    const third = await get(s, `/race/${s.raceId}`, { format: 'json' });
    const thirdV2 = await get(
      s,
      '/v2/participants/checkin-timestamps.json',
      { race_id: s.raceId },
      { auth: 'v2' },
    );
    const done = await Promise.all(slow);
    for (const r of done) expect(JSON.parse(r.text)).toHaveProperty('race');
    expect(third.status).toBe(200);
    expect(JSON.parse(third.text).error.error_code).toBe(14);
    expect(thirdV2.status).toBe(429);
    expect(JSON.parse(thirdV2.text).error.error_code).toBe(14);
    const log = s.inspect.requests();
    expect(log.filter((e) => e.throttled)).toHaveLength(2);
    expect(Math.max(...log.map((e) => e.concurrent))).toBe(3);
    // Once the slow calls are answered, the next call goes through.
    const after = await get(s, `/race/${s.raceId}`, { format: 'json' });
    expect(JSON.parse(after.text)).toHaveProperty('race');
  });

  it('the limit is per caller: another registration has its own two', async () => {
    s.inspect.clearRequests();
    await s.faults.set({ type: 'latency', ms: 300 }, { count: 2 });
    // Two slow calls of an unregistered caller…
    const slow = [
      get(s, `/race/${s.raceId}`, { format: 'json' }, { caller: null }),
      get(s, `/race/${s.raceId}`, { format: 'json' }, { caller: null }),
    ];
    await new Promise((r) => setTimeout(r, 100));
    // …do not count against a registered one.
    const other = await get(
      s,
      `/race/${s.raceId}`,
      { format: 'json', rsu_api_reg: s.callerRegistration.regId },
      { headers: { 'X-RSU-API-REG-SECRET': s.callerRegistration.secret } },
    );
    await Promise.all(slow);
    expect(JSON.parse(other.text)).toHaveProperty('race');
  });

  it('maxConcurrentCalls is an option', async () => {
    const one = await sim({ seed: 95, maxConcurrentCalls: 1, scenario: { participants: 5 } });
    await one.faults.set({ type: 'latency', ms: 300 }, { count: 1 });
    const slow = get(one, `/race/${one.raceId}`, { format: 'json' });
    await new Promise((r) => setTimeout(r, 100));
    const second = await get(one, `/race/${one.raceId}`, { format: 'json' });
    await slow;
    expect(JSON.parse(second.text).error.error_code).toBe(14);
  });
});
