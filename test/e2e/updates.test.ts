import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from './harness';
import type { E2eSession } from './harness';

// Settings > Updates: staff turn automatic updates off, and an admin allows installing in kiosk
// mode and on race day (main/update-policy.ts reads both).
describe('the Updates settings', () => {
  let s: E2eSession;
  beforeAll(async () => {
    s = await openKiosk({}, { width: 1366, height: 768 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('turns automatic updates off and on from the keyboard', async () => {
    await s.page.keyboard.press('Alt+3');
    const panel = s.page.getByTestId('updates-panel');
    await panel.waitFor();
    const auto = panel.getByLabel('Automatic updates');
    const override = panel.getByLabel('Also install in kiosk mode and on race day (admin)');
    expect(await auto.isChecked()).toBe(true);
    expect(await override.isChecked()).toBe(false);

    await auto.focus();
    await s.page.keyboard.press('Space');
    await panel.getByText('Saved.').waitFor();
    expect((await s.host.kiosk.api.getSettings()).autoUpdate).toBe(false);
    expect(await override.isDisabled()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await s.shot('settings-updates-off');

    await s.page.keyboard.press('Space');
    await expect.poll(async () => (await s.host.kiosk.api.getSettings()).autoUpdate).toBe(true);
    await expect.poll(() => override.isEnabled()).toBe(true);
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.press('Space');
    await expect
      .poll(async () => (await s.host.kiosk.api.getSettings()).updateDuringRaceDay)
      .toBe(true);
    expect(s.pageErrors).toEqual([]);
  });
});
