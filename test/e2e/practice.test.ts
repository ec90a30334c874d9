import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from './harness';
import type { E2eSession } from './harness';

// A fresh install: no credentials, so the built-in practice race runs inside the services.
describe('practice mode and kiosk mode', () => {
  let s: E2eSession;

  beforeAll(async () => {
    s = await openKiosk({
      deps: {
        practice: { participants: 600, checkinsPerMinute: 900 },
        timings: { probeIntervalMs: 300, resultBackoff: { baseMs: 200, maxMs: 1000 } },
      },
    });
    await s.page.getByTestId('feed-row').first().waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await s?.close();
  });

  const count = async () =>
    Number((await s.page.getByTestId('checked-in-count').textContent())?.replace(/,/g, ''));

  it('labels every screen PRACTICE and keeps check-ins flowing', async () => {
    for (const key of ['1', '2', '3']) {
      await s.page.keyboard.press(`Alt+${key}`);
      await s.page.getByTestId('practice-badge').waitFor();
    }
    await s.page.keyboard.press('Alt+1');
    const first = await count();
    await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(first);
    await s.shot('practice-checkin');
  });

  it('queues a result during a simulated outage and sends it when the outage ends', async () => {
    await s.page.keyboard.press('Alt+3');
    await s.page.getByTestId('outage-switch').click();
    await s.page.keyboard.press('Alt+1');
    await s.page.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
    await s.page.keyboard.press('Alt+2');
    const events = await s.host.kiosk.api.getResultEvents();
    const event = events.find((e) => e.name === 'Virtual 5K')!;
    await s.page.getByLabel('Virtual event').selectOption(String(event.eventId));
    const runner = (await s.host.kiosk.api.notPickedUp(event.eventId)).find((p) => p.bib !== null)!;
    await s.page.getByTestId('entry-bib').fill(String(runner.bib));
    await expect.poll(() => s.page.getByTestId('entry-name').textContent()).toContain(runner.name);
    await s.page.getByTestId('entry-time').fill('28:41.5');
    await s.page.getByTestId('entry-time').press('Enter');
    await expect
      .poll(() => s.page.getByTestId('queue-header').textContent(), { timeout: 15_000 })
      .toMatch(/1 waiting · offline since/);
    await s.shot('practice-outage-queued');
    await s.page.keyboard.press('Alt+3');
    await s.page.getByTestId('outage-switch').click();
    await s.page.keyboard.press('Alt+2');
    await expect
      .poll(() => s.page.getByTestId('queue-header').textContent(), { timeout: 20_000 })
      .toContain('All results sent');
    await s.shot('practice-outage-sent');
  });

  it('turns kiosk mode on with a new admin PIN and then locks Settings behind it', async () => {
    await s.page.keyboard.press('Alt+3');
    await s.page.getByLabel('Choose an admin PIN (6–12 digits)').fill('864321');
    await s.page.getByLabel('The same PIN again').fill('864321');
    await s.page.getByRole('button', { name: 'Turn on kiosk mode' }).click();
    await s.page.getByRole('button', { name: 'Turn on and lock' }).click();
    await s.page.getByTestId('pin-gate').waitFor();
    await s.shot('kiosk-pin-gate');
    await s.page.getByLabel('Admin PIN').fill('111111');
    await s.page.getByRole('button', { name: 'Unlock' }).click();
    await s.page.getByText('That PIN is not right.').waitFor();
    await s.page.getByLabel('Admin PIN').fill('864321');
    await s.page.getByRole('button', { name: 'Unlock' }).click();
    await s.page.getByTestId('kiosk-panel').waitFor();
    expect(s.pageErrors).toEqual([]);
  });

  it('imports from the kiosk folder in kiosk mode, never through a file dialog', async () => {
    await s.page.keyboard.press('Alt+2');
    await s.page.getByRole('tab', { name: 'Paste or import CSV' }).click();
    await s.page.getByTestId('import-folder').waitFor();
    expect(await s.page.locator('input[type="file"]').count()).toBe(0);
    await s.page.getByTestId('import-folder').click();
    await s.page.getByTestId('import-message').waitFor();
    expect(await s.page.getByTestId('import-message').textContent()).toMatch(/No CSV files in/);
    await s.shot('kiosk-import-folder');
    expect(s.pageErrors).toEqual([]);
  });
});
