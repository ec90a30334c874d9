import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { Simulator } from '../../main/simulator/index';
import { onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';

// From a fresh install (practice race) to a real race: credentials checked at RunSignup.
describe('race set-up in Settings', () => {
  let sim: Simulator;
  let s: E2eSession;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 5,
      // As RunSignup lists a race that ran last year too: last year's events, same bibs.
      scenario: {
        participants: 300,
        checkedInFraction: 0.2,
        raceName: 'Harbor Lights 10K',
        pastYears: 1,
      },
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

  it('starts in practice mode with no credentials, and warns that no caller registration is set', async () => {
    expect(await s.page.getByTestId('credential-kind').textContent()).toBe('none');
    expect(await s.page.getByTestId('caller-source').textContent()).toBe('none');
    await s.page.getByTestId('caller-missing').waitFor();
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

  it("refuses a wrong caller registration with RunSignup's words, and stores nothing", async () => {
    await s.page.getByLabel('Registration id').fill(sim.callerRegistration.regId);
    await s.page.getByLabel('Registration secret').fill('not-the-registration-secret');
    await tryConnect(sim.credentials.v2.apiKey, sim.credentials.v2.apiSecret, sim.raceId);
    await expect
      .poll(() => s.page.getByTestId('connect-error').textContent())
      .toMatch(/rejected this app's API caller registration/);
    expect(await s.page.getByTestId('caller-source').textContent()).toBe('none');
    await s.shot('settings-wrong-registration');
  });

  it("connects with good credentials and registration, lists every year's events by date with only this year's ticked, and switches the kiosk to the race", async () => {
    await s.page.getByLabel('Registration secret').fill(sim.callerRegistration.secret);
    await tryConnect(sim.credentials.v2.apiKey, sim.credentials.v2.apiSecret, sim.raceId);
    await s.page.getByTestId('candidate').waitFor();
    expect(await s.page.getByTestId('candidate').textContent()).toContain('Harbor Lights 10K');
    expect(await s.page.getByTestId('caller-source').textContent()).toContain(
      `saved on this computer (id ${sim.callerRegistration.regId})`,
    );
    expect(await s.page.getByTestId('caller-missing').count()).toBe(0);
    const candidate = s.page.getByTestId('candidate');
    const earlier = candidate.locator('fieldset.past');
    expect(await earlier.count()).toBeGreaterThan(0);
    expect(await earlier.first().locator('legend').textContent()).toMatch(/\(earlier\)$/);
    expect(await earlier.locator('input:checked').count()).toBe(0);
    expect(await candidate.locator('fieldset:not(.past) input:checked').count()).toBe(5);
    await candidate.locator('fieldset.past').first().scrollIntoViewIfNeeded();
    await s.shot('settings-candidate');
    // On a slow link the race's events come a while after "Use this race": Settings must show
    // them when they do, not only when it is opened again.
    await sim.faults.set({ type: 'latency', ms: 1500 }, { path: /\/race\/\d+$/, count: 1 });
    await s.page.getByRole('button', { name: 'Use this race' }).click();
    await s.page.getByTestId('race-name').waitFor();
    // Settings lists the events in use, by date, last year's unticked.
    const inUse = s.page.getByTestId('events-in-use');
    await expect.poll(() => inUse.locator('input:checked').count(), { timeout: 20_000 }).toBe(5);
    expect(await inUse.locator('fieldset.past input:checked').count()).toBe(0);
    await inUse.scrollIntoViewIfNeeded();
    await s.shot('settings-events-in-use');
    expect(await s.page.getByTestId('practice-badge').count()).toBe(0);
    expect(await s.page.getByTestId('credential-kind').textContent()).toContain('v2');
    await s.page.keyboard.press('Alt+1');
    // This year's check-ins only: RunSignup's feed also returns last year's.
    const thisYear = new Set(
      sim.inspect
        .events()
        .filter((e) => e.year === 0)
        .flatMap((e) => sim.inspect.participants(e.eventId))
        .map((p) => p.registration_id),
    );
    const truth = sim.inspect.checkins().filter((c) => thisYear.has(c.registration_id)).length;
    expect(truth).toBeLessThan(sim.inspect.checkins().length);
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

// A real race on a kiosk with no API caller registration: the warning stays on every screen.
describe('no API caller registration', () => {
  let sim: Simulator;
  let s: E2eSession;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 6, scenario: { participants: 100 } });
    s = await openKiosk({ ...onRace(sim), callerRegistration: null }, { width: 1366, height: 768 });
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  it('shows a warning in the status bar until one is set', async () => {
    const badge = s.page.getByTestId('status-no-caller-registration');
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/No API caller registration/);
    expect(await badge.isVisible()).toBe(true);
    await s.shot('status-no-caller-registration');
    await s.page.keyboard.press('Alt+3');
    await s.page.getByTestId('caller-missing').waitFor();
    expect(s.pageErrors).toEqual([]);
  });
});
