import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { Simulator } from '../../main/simulator/index';
import { openKiosk } from './harness';
import type { E2eSession } from './harness';

// From a fresh install (practice race) to a real race: credentials checked at RunSignup.
describe('race set-up in Settings', () => {
  let sim: Simulator;
  let s: E2eSession;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 5,
      scenario: { participants: 300, checkedInFraction: 0.2, raceName: 'Harbor Lights 10K' },
    });
    s = await openKiosk({ baseUrl: sim.url, deps: { practice: { participants: 200 } } });
    await s.page.getByTestId('practice-badge').waitFor();
    await s.page.keyboard.press('Alt+3');
    await s.page.getByRole('heading', { name: 'Settings' }).waitFor();
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  async function tryConnect(apiKey: string, apiSecret: string, raceId: number) {
    await s.page.getByLabel('API key', { exact: true }).fill(apiKey);
    await s.page.getByLabel('API secret').fill(apiSecret);
    await s.page.getByLabel('Race id').fill(String(raceId));
    await s.page.getByRole('button', { name: 'Check and connect' }).click();
  }

  it('starts in practice mode with no credentials', async () => {
    expect(await s.page.getByTestId('credential-kind').textContent()).toBe('none');
    await s.shot('settings-practice');
  });

  it('says clearly when the key is wrong', async () => {
    await tryConnect('not-a-key', 'not-a-secret', sim.raceId);
    await expect
      .poll(() => s.page.getByTestId('connect-error').textContent())
      .toMatch(/^\s*RunSignup rejected the API key/);
    // The reason, once.
    expect(await s.page.getByTestId('connect-error').textContent()).not.toMatch(/did not accept/);
    expect(await s.page.getByTestId('credential-kind').textContent()).toBe('none');
    await s.shot('settings-wrong-key');
  });

  it('says clearly when the key has no permission for the race', async () => {
    await tryConnect(
      sim.otherRace.credentials.v2.apiKey,
      sim.otherRace.credentials.v2.apiSecret,
      sim.raceId,
    );
    await expect.poll(() => s.page.getByTestId('connect-error').textContent()).toMatch(/ermission/);
  });

  it('says clearly when the race does not exist', async () => {
    await tryConnect(sim.credentials.v2.apiKey, sim.credentials.v2.apiSecret, 999999);
    await expect.poll(() => s.page.getByTestId('connect-error').textContent()).toMatch(/race/i);
  });

  it('connects with good credentials, lists the events, and switches the kiosk to the race', async () => {
    await tryConnect(sim.credentials.v2.apiKey, sim.credentials.v2.apiSecret, sim.raceId);
    await s.page.getByTestId('candidate').waitFor();
    expect(await s.page.getByTestId('candidate').textContent()).toContain('Harbor Lights 10K');
    await s.shot('settings-candidate');
    await s.page.getByRole('button', { name: 'Use this race' }).click();
    await s.page.getByTestId('race-name').waitFor();
    expect(await s.page.getByTestId('practice-badge').count()).toBe(0);
    expect(await s.page.getByTestId('credential-kind').textContent()).toContain('v2');
    await s.page.keyboard.press('Alt+1');
    const truth = sim.inspect.checkins().length;
    await expect
      .poll(
        async () =>
          Number((await s.page.getByTestId('checked-in-count').textContent())?.replace(/,/g, '')),
        { timeout: 20_000 },
      )
      .toBe(truth);
    await s.shot('checkin-real-race');
    expect(s.pageErrors).toEqual([]);
  });
});
