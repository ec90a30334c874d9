import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from './harness';
import type { E2eSession } from './harness';
import { look } from './look';

// Issue "race-morning screens", Settings and kiosk: feedback next to its control, kiosk mode
// says it locks before it does, a touch digit pad with tries left and unlock time, Reset asks
// first (with the PIN in kiosk mode) and answers next to its button; one Tab stop per radio
// group. Every state is checked with axe-core and saved at the three sizes.
describe('Settings on race morning', () => {
  let s: E2eSession;
  const PIN = '8643210975'; // 10 digits: every PIN box takes the longest PINs (6–12)

  beforeAll(async () => {
    s = await openKiosk(
      {
        deps: {
          practice: { participants: 300, checkinsPerMinute: 60 },
          timings: { probeIntervalMs: 300 },
        },
      },
      { width: 1366, height: 768 },
    );
    await s.page.getByTestId('feed-row').first().waitFor({ timeout: 30_000 });
    await s.page.keyboard.press('Alt+3');
    await s.page.getByTestId('reset-panel').waitFor();
  });

  afterAll(async () => {
    await s?.close();
  });

  const focusedLabel = () =>
    s.page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el ? `${el.tagName}:${el.type ?? ''}:${el.value ?? ''}` : '';
    });

  it('makes the credential kinds one Tab stop, and explains the outage switch', async () => {
    await look(s, 'rm-settings');
    await s.page.getByLabel('API key and secret (v2, recommended)').focus();
    await s.page.keyboard.press('Tab');
    expect(await focusedLabel()).not.toMatch(/^INPUT:radio/);
    expect(
      await s.page.getByTestId('outage-switch').evaluate((b) => {
        const id = b.getAttribute('aria-describedby');
        return id ? document.getElementById(id)?.textContent : null;
      }),
    ).toMatch(/results wait/);
  });

  it('lets practice hide an event from Check-in', async () => {
    // Practice lists last year's events too (same names): take one of this event day's.
    const race = (await s.host.kiosk.api.getRace())!;
    const first = race.events.find((e) => race.chosenEventIds.includes(e.eventId))!;
    const thisYear = s.page.getByTestId('events-in-use').locator('fieldset.day:not(.past)');
    const box = thisYear.getByRole('checkbox', { name: first.name, exact: true });
    await box.uncheck();
    await expect.poll(() => box.isChecked()).toBe(false);
    await s.page.keyboard.press('Alt+1');
    await s.page
      .getByRole('button', { name: /^Not picked up: / })
      .first()
      .waitFor();
    expect(
      await s.page
        .getByRole('button', { name: `Not picked up: ${first.name}`, exact: true })
        .count(),
    ).toBe(0);
    await s.page.keyboard.press('Alt+3');
    await box.check();
  });

  it('shows a save message next to the Save button', async () => {
    await s.page.getByLabel('Device name').fill('Tent 2');
    await s.page.getByRole('button', { name: 'Save settings' }).click();
    const form = s.page.locator('form').filter({ has: s.page.getByLabel('Device name') });
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await s.host.kiosk.api.getSettings()).deviceName).toBe('Tent 2');
  });

  it('says that kiosk mode locks Settings before it does', async () => {
    await s.page.getByLabel('Choose an admin PIN (6–12 digits)').pressSequentially(PIN);
    await s.page.getByLabel('The same PIN again').pressSequentially(PIN);
    expect(await s.page.getByLabel('The same PIN again').inputValue()).toBe(PIN);
    await s.page.getByRole('button', { name: 'Turn on kiosk mode' }).click();
    const confirm = s.page.getByTestId('kiosk-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/Settings lock at once/);
    expect((await s.host.kiosk.api.getStatus()).kiosk.enabled).toBe(false);
    await look(s, 'rm-settings-kiosk-confirm');
    await confirm.getByRole('button', { name: 'Turn on and lock' }).click();
    await s.page.getByTestId('pin-gate').waitFor();
  });

  it('unlocks with a touch digit pad and says how many tries are left', async () => {
    const pad = s.page.getByTestId('pin-pad');
    for (const d of '999999') await pad.getByRole('button', { name: d, exact: true }).click();
    await pad.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => s.page.getByTestId('pin-tries').textContent())
      .toMatch(/That PIN is not right\.\s*4 tries left/);
    const size = await pad
      .getByRole('button', { name: '5', exact: true })
      .evaluate((b) => b.getBoundingClientRect());
    expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(64);
    await look(s, 'rm-settings-pin-pad');
    for (const d of PIN) await pad.getByRole('button', { name: d, exact: true }).click();
    await pad.getByRole('button', { name: 'Unlock' }).click();
    await s.page.getByTestId('kiosk-panel').waitFor();
  });

  it('asks before a reset, takes the PIN in kiosk mode, and answers next to the button', async () => {
    const panel = s.page.getByTestId('reset-panel');
    await panel.getByRole('button', { name: 'Reset this kiosk…' }).click();
    const confirm = panel.getByTestId('reset-confirm');
    await confirm.waitFor();
    expect((await s.host.kiosk.api.getStatus()).race).not.toBeNull();
    await look(s, 'rm-settings-reset-confirm');
    await confirm.getByLabel('Admin PIN').pressSequentially(PIN);
    expect(await confirm.getByLabel('Admin PIN').inputValue()).toBe(PIN);
    await confirm.getByRole('button', { name: 'Yes, reset this kiosk' }).click();
    await expect
      .poll(() => panel.getByTestId('reset-result').textContent(), { timeout: 20_000 })
      .toMatch(/The kiosk was reset/);
    expect((await s.host.kiosk.api.getSettings()).deviceName).toBe('Tent 2');
    expect(await s.page.getByLabel('Device name').inputValue()).toBe('Tent 2');
    await look(s, 'rm-settings-reset-done');
  });

  it('locks the pad after five wrong PINs and says when it unlocks', async () => {
    await s.page.getByRole('button', { name: 'Lock Settings now' }).click();
    const pad = s.page.getByTestId('pin-pad');
    await pad.waitFor();
    for (let i = 0; i < 5; i++) {
      for (const d of '111111') await pad.getByRole('button', { name: d, exact: true }).click();
      await pad.getByRole('button', { name: 'Unlock' }).click();
      await expect
        .poll(() => s.page.getByTestId('pin-tries').textContent())
        .toMatch(i < 4 ? new RegExp(`${4 - i} tr(y|ies) left`) : /The pad unlocks at/);
    }
    expect(await s.page.getByTestId('pin-tries').textContent()).toMatch(
      /unlocks at \d{1,2}:\d{2}:\d{2}\s?[AP]M \(in \d+ s\)/,
    );
    expect(await pad.getByRole('button', { name: '1', exact: true }).isDisabled()).toBe(true);
    await look(s, 'rm-settings-pin-locked');
    expect(s.pageErrors).toEqual([]);
  });
});
