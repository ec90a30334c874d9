// The app's API caller registration on every call, and RunSignup's answer to a wrong or
// missing one (docs/RUNSIGNUP.md §7), against the simulator over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { CallerRegistration } from '../../../main/runsignup/caller-registration';
import type { Simulator } from '../../../main/simulator/index';
import { credentialsFor, failure, simClient, smallSimulator } from './sim-client';

const clock = new ManualClock(Date.UTC(2026, 11, 31, 12, 0, 0));
let sim: Simulator;
beforeAll(async () => {
  sim = await smallSimulator({ clock });
});
afterAll(() => sim.close());

function client(registration: CallerRegistration | null) {
  return simClient(sim, credentialsFor(sim, 'v2'), {
    clock,
    getCallerRegistration: () => registration,
  });
}

describe('caller registration', () => {
  it('goes on every call: rsu_api_reg in the query, the secret only in its header', async () => {
    const c = client(sim.callerRegistration);
    await c.client.verify(sim.raceId);
    await c.client.getRace(sim.raceId);
    expect(c.sent.length).toBeGreaterThanOrEqual(4);
    for (const r of c.sent) {
      const url = new URL(r.url);
      expect(url.searchParams.get('rsu_api_reg')).toBe(sim.callerRegistration.regId);
      expect(r.url).not.toContain(sim.callerRegistration.secret);
      expect(r.headers['x-rsu-api-reg-secret']).toBe(sim.callerRegistration.secret);
    }
  });

  it('a wrong one: every call fails as needs-user with code 17, not retried, secret never logged', async () => {
    const wrong = { regId: sim.callerRegistration.regId, secret: 'not-the-secret-4242' };
    const c = client(wrong);
    for (const call of [
      () => c.client.verify(sim.raceId),
      () => c.client.getRace(sim.raceId),
      () => c.client.getCheckins({ raceId: sim.raceId, page: 1, num: 10 }),
      () =>
        c.client.postUserResults({
          raceId: sim.raceId,
          eventId: sim.inspect.events().find((e) => e.eventType !== 'running_race')!.eventId,
          rows: [{ registrationId: 1, bib: null, clockTime: '0:20:00' }],
        }),
    ]) {
      const e = await failure(call());
      expect(e.kind).toBe('needs-user');
      expect(e.details.code).toBe(17);
      expect(e.details.status).toBe(400);
      expect(e.message).toMatch(/^RunSignup rejected this app's API caller registration/);
      expect(e.message).toContain('Invalid API caller credentials.');
    }
    expect(c.sleeps).toEqual([]);
    const logged = JSON.stringify(c.logger.lines);
    expect(logged).toMatch(/error 17/);
    expect(logged).not.toContain('not-the-secret-4242');
  });

  it('none: accepted until 2027-01-01, then every call fails with code 17', async () => {
    const c = client(null);
    await expect(c.client.getRace(sim.raceId)).resolves.toMatchObject({ raceId: sim.raceId });
    expect(new URL(c.sent[0]!.url).searchParams.has('rsu_api_reg')).toBe(false);
    clock.set(Date.UTC(2027, 0, 1, 0, 0, 1));
    const e = await failure(c.client.getRace(sim.raceId));
    expect(e.details.code).toBe(17);
    // The registered client goes on working.
    await expect(client(sim.callerRegistration).client.getRace(sim.raceId)).resolves.toBeTruthy();
  });
});
