import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { Simulator } from '../../main/simulator/index';
import { onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';

// Packet pickup against the simulator, through the web host, in Chromium.
describe('the Check-in screen', () => {
  let sim: Simulator;
  let s: E2eSession;
  const nowS = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 11,
      scenario: { participants: 400, checkedInFraction: 0.3 },
    });
    s = await openKiosk({
      ...onRace(sim),
      deps: { timings: { probeIntervalMs: 500, requestTimeoutMs: 3000 } },
    });
    await s.page.getByTestId('feed-row').first().waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  const runner = (eventType = 'running_race') => {
    const events = new Set(
      sim.inspect
        .events()
        .filter((e) => e.eventType === eventType)
        .map((e) => e.eventId),
    );
    const checked = new Set(sim.inspect.checkins().map((c) => c.registration_id));
    return sim.inspect
      .participants()
      .find(
        (p) => events.has(p.event_id) && !checked.has(p.registration_id) && p.bib_num !== null,
      )!;
  };

  it('shows the counts and the feed from the roster', async () => {
    const truth = sim.inspect.checkins().length;
    await expect
      .poll(async () =>
        Number((await s.page.getByTestId('checked-in-count').textContent())?.replace(/,/g, '')),
      )
      .toBe(truth);
    await s.shot('checkin-feed');
  });

  it('shows a new check-in live, highlighted', async () => {
    const p = runner();
    sim.control.checkIn([p.registration_id], nowS());
    const row = s.page
      .getByTestId('feed-row')
      .filter({ hasText: `${p.user.first_name} ${p.user.last_name}` });
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.first().getAttribute('class')).toContain('new');
    await s.shot('checkin-live-arrival');
  });

  it('answers a bib search with a big card', async () => {
    const p = runner();
    await s.page.getByTestId('search').fill(String(p.bib_num));
    await s.page.getByTestId('search').press('Enter');
    await expect
      .poll(() => s.page.getByTestId('verdict').textContent())
      .toContain('NOT checked in');
    expect(await s.page.getByTestId('lookup-card').textContent()).toContain(p.user.last_name);
    await s.shot('checkin-bib-not-in');
  });

  it('takes scanner input with no mouse: digits and Enter anywhere', async () => {
    const checkedIn = sim.inspect.checkins()[0]!;
    const p = sim.inspect
      .participants()
      .find((x) => x.registration_id === checkedIn.registration_id)!;
    await s.page.locator('h1').click();
    await s.page.keyboard.type(`${p.bib_num}\n`, { delay: 5 });
    await expect
      .poll(() => s.page.getByTestId('verdict').textContent())
      .toMatch(/CHECKED IN at \d{1,2}:\d{2}/);
    expect(await s.page.getByTestId('search').inputValue()).toBe('');
    await s.shot('checkin-scan-checked-in');
  });

  it('finds runners by name prefix, ignoring case and accents', async () => {
    const p =
      sim.inspect.participants().find((x) => /[À-ž]/.test(x.user.last_name)) ??
      sim.inspect.participants()[0]!;
    const plain = p.user.last_name
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .slice(0, 4);
    await s.page.getByTestId('search').fill(plain);
    await expect
      .poll(() => s.page.getByTestId('lookup-card').textContent(), { timeout: 5000 })
      .toContain(p.user.last_name);
    await s.shot('checkin-name-search');
  });

  it('shows the offline banner when RunSignup cannot be reached, and recovers', async () => {
    await sim.faults.set({ type: 'refused' });
    await s.page.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
    expect(await s.page.getByTestId('offline-banner').textContent()).toMatch(/OFFLINE since/);
    await s.page.getByTestId('search').fill('a');
    await s.shot('checkin-offline');
    const p = runner();
    sim.control.checkIn([p.registration_id], nowS());
    await sim.faults.clear();
    await s.page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await s.page
      .getByTestId('feed-row')
      .filter({ hasText: p.user.last_name })
      .first()
      .waitFor({ timeout: 15_000 });
  });

  it('shows when RunSignup answers with garbage, keeps the saved feed, and recovers', async () => {
    await sim.faults.set({ type: 'truncated' }, { path: /checkin/ });
    await s.page.getByTestId('sync-problem').waitFor({ timeout: 20_000 });
    expect(await s.page.getByTestId('feed-row').count()).toBeGreaterThan(0);
    await s.shot('checkin-bad-answers');
    await sim.faults.clear();
    await s.page.getByTestId('sync-problem').waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('lists who has not picked up, and exports it', async () => {
    await s.page.getByRole('button', { name: 'Not picked up' }).first().click();
    await s.page.getByRole('button', { name: 'Export CSV' }).click();
    await expect
      .poll(() => s.page.getByTestId('export-message').textContent())
      .toMatch(/Saved \d+ runners to .*\.csv/);
    await s.shot('checkin-not-picked-up');
    expect(s.pageErrors).toEqual([]);
  });
});
