import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from './harness';
import type { E2eSession } from './harness';

describe('navigation across the three screens', () => {
  let s: E2eSession;
  beforeAll(async () => {
    s = await openKiosk();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts on Check-in with a live status bar', async () => {
    await s.page.getByRole('heading', { name: 'Check-in' }).waitFor();
    await s.page.getByTestId('connectivity').waitFor();
    expect(
      await s.page.getByRole('button', { name: 'Check-in' }).getAttribute('aria-current'),
    ).toBe('page');
    await s.shot('nav-checkin');
  });

  it('moves to Results and Settings by click and by keyboard', async () => {
    await s.page.getByRole('button', { name: 'Results' }).click();
    await s.page.getByRole('heading', { name: 'Results' }).waitFor();
    await s.shot('nav-results');
    await s.page.keyboard.press('Alt+3');
    await s.page.getByRole('heading', { name: 'Settings' }).waitFor();
    await s.shot('nav-settings');
    await s.page.keyboard.press('Alt+1');
    await s.page.getByRole('heading', { name: 'Check-in' }).waitFor();
  });

  it('saves a setting through window.api and shows a schema error for a bad one', async () => {
    await s.page.keyboard.press('Alt+3');
    await s.page.getByLabel('Device name').fill('Table 4');
    await s.page.getByRole('button', { name: 'Save settings' }).click();
    await s.page.getByText('Saved.').waitFor();
    expect(s.host.kiosk).toBeDefined();
    await s.page.getByLabel('RunSignup address').fill('not a url');
    await s.page.getByRole('button', { name: 'Save settings' }).click();
    await s.page.getByText(/Base URL must start with http/).waitFor();
    expect(s.pageErrors).toEqual([]);
  });
});
