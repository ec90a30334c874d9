import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { SimParticipant, Simulator } from '../../main/simulator/index';
import { BRISK_TIMINGS, onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';
import { look } from './look';

// Issue "race-morning screens", Results: no double results from a paste, bad rows easy to fix,
// words not ids, focus where the hands are, deleting can be undone, no contradictory text.
// Every state is checked with axe-core and saved at the three screen sizes (see look.ts).
describe('Results on race morning', () => {
  let sim: Simulator;
  let s: E2eSession;
  let virtual5k: number;
  let runners: SimParticipant[];
  let other: SimParticipant;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 41, scenario: { participants: 600 } });
    virtual5k = sim.inspect.events().find((e) => e.name === 'Virtual 5K')!.eventId;
    runners = sim.inspect.participants(virtual5k).filter((p) => p.bib_num !== null);
    const tenK = sim.inspect.events().find((e) => e.name === '10K')!.eventId;
    other = sim.inspect.participants(tenK).find((p) => p.bib_num !== null)!;
    s = await openKiosk(
      {
        ...onRace(sim, { pollIntervalSec: 30 }),
        deps: { timings: BRISK_TIMINGS },
      },
      { width: 1366, height: 768 },
    );
    await s.page.getByTestId('checked-in-count').waitFor();
    for (let i = 0; i < 200 && (await s.host.kiosk.api.getResultEvents()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  const page = () => s.page;
  const bib = () => s.page.getByTestId('entry-bib');
  const bibFocused = () =>
    bib().evaluate((el) => el === document.activeElement) as Promise<boolean>;
  /** A runner's results in the event, queued or sent (replaced and deleted ones not counted). */
  const entriesOf = async (registrationId: number, states = ['queued', 'sending', 'sent']) =>
    (
      await s.host.kiosk.api.listEntries({
        view: 'queue',
        eventId: virtual5k,
        search: '',
        limit: 500,
        offset: 0,
      })
    ).entries.filter((e) => e.registrationId === registrationId && states.includes(e.state)).length;
  const waitingOf = (registrationId: number) => entriesOf(registrationId, ['queued', 'sending']);

  async function typeRow(p: SimParticipant, time: string) {
    await bib().fill(String(p.bib_num));
    await expect
      .poll(() => page().getByTestId('entry-name').textContent())
      .toContain(p.user.last_name);
    await page().getByTestId('entry-time').fill(time);
    await page().getByTestId('entry-time').press('Enter');
  }

  it('puts the cursor in Bib with Alt+2, and says nothing was entered yet', async () => {
    await page().keyboard.press('Alt+2');
    await page().getByTestId('entry-grid').waitFor();
    await expect.poll(bibFocused).toBe(true);
    const header = await page().getByTestId('queue-header').textContent();
    expect(header).toMatch(/No results entered yet/);
    expect(header).not.toMatch(/All results sent/);
    await look(s, 'rm-results-empty');
    await page().keyboard.press('Alt+1');
    await page().keyboard.press('Alt+2');
    await expect.poll(bibFocused).toBe(true);
  });

  it('flags a runner who already has a result, and replaces it only when asked', async () => {
    const p = runners[0]!;
    await typeRow(p, '0:20:10');
    await expect
      .poll(() => page().getByTestId('entry-saved').textContent())
      .toMatch(/Saved: .* 0:20:10 — queued/);
    await expect
      .poll(() => page().locator('[data-testid="entry-row"][data-state="sent"]').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    // The row just saved is on screen.
    const saved = page().locator('[data-testid="entry-row"]').first();
    expect(
      await saved.evaluate(
        (el) =>
          el.getBoundingClientRect().bottom <=
          document.querySelector('main')!.getBoundingClientRect().bottom,
      ),
    ).toBe(true);
    // The receipt names the result set, never its id.
    const sentRow = await page()
      .locator('[data-testid="entry-row"][data-state="sent"]')
      .textContent();
    expect(sentRow).not.toMatch(/set \d+/);
    await bib().fill(String(p.bib_num));
    await expect
      .poll(() => page().getByTestId('entry-existing').textContent())
      .toMatch(
        new RegExp(
          `Bib ${p.bib_num} already has 0:20:10 \\(sent \\d{1,2}:\\d{2}\\s?[AP]M\\) — replace\\?`,
        ),
      );
    await page().getByTestId('entry-time').fill('0:19:55');
    await page().getByTestId('entry-time').press('Enter');
    const replace = page().getByTestId('entry-replace');
    await replace.waitFor();
    expect(await replace.evaluate((el) => el === document.activeElement)).toBe(true);
    await look(s, 'rm-results-grid-replace');
    await page().keyboard.press('Enter');
    await expect.poll(() => page().getByTestId('entry-saved').textContent()).toMatch(/0:19:55/);
    expect(await bibFocused()).toBe(true);
    // One new result replaces the sent one: not two.
    expect(await waitingOf(p.registration_id)).toBeLessThanOrEqual(1);
    await expect.poll(() => waitingOf(p.registration_id), { timeout: 20_000 }).toBe(0);
    expect(await entriesOf(p.registration_id)).toBe(2);
  });

  it('clears a required-field message as soon as the field is filled', async () => {
    const p = runners[1]!;
    await bib().fill(String(p.bib_num));
    await page().getByTestId('entry-time').press('Enter');
    await page().getByTestId('entry-problem').waitFor();
    await page().getByTestId('entry-time').type('0:30:00');
    expect(await page().getByTestId('entry-problem').count()).toBe(0);
    await bib().fill('');
    await page().getByTestId('entry-time').fill('');
  });

  it('never saves a paste twice, keeps only the rows not saved, and lets them be fixed in place', async () => {
    await sim.faults.set({ type: 'refused' });
    await page().getByRole('tab', { name: 'Paste or import CSV' }).click();
    const [already, fresh, badTime] = [runners[0]!, runners[2]!, runners[3]!];
    const lines = [
      'Bib\tTime',
      `${already.bib_num}\t0:21:00`,
      `${fresh.bib_num}\t0:22:00`,
      `${badTime.bib_num}\t0:2x:00`,
      `${other.bib_num}\t0:23:00`,
      `99999\t0:24:00`,
    ];
    await page().getByTestId('paste-box').fill(lines.join('\n'));
    await page().getByRole('button', { name: 'Check rows' }).click();
    await expect
      .poll(() => page().getByTestId('preview-summary').textContent())
      .toMatch(/1 ready · 3 need a fix · 1 already have a result/);
    // Rows to fix come first, with what was typed, editable in place.
    const first = page().getByTestId('preview-row').first();
    expect(await first.getAttribute('class')).toContain('invalid');
    const fixTimes = await page()
      .getByTestId('fix-time')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(fixTimes).toEqual(['0:2x:00', '0:23:00', '0:24:00']);
    const table = await page().getByTestId('import-panel').textContent();
    expect(table).toMatch(/registered in 10K, not in Virtual 5K/);
    expect(table).not.toMatch(/event \d{4,}|registration \d{5,}/i);
    expect(await page().getByTestId('already-has').textContent()).toMatch(
      new RegExp(`Bib ${already.bib_num} already has 0:19:55 \\(sent .*\\) — replace\\?`),
    );
    await look(s, 'rm-results-paste-preview');

    await page().getByTestId('commit-valid').click();
    await expect
      .poll(() => page().getByTestId('import-message').textContent())
      .toMatch(/Saved 1 results; .* 4 rows were not saved/);
    const box = await page().getByTestId('paste-box').inputValue();
    expect(box.split('\n')).toHaveLength(5);
    expect(box).not.toContain(`${fresh.bib_num}\t`);
    expect(await page().getByTestId('preview-row').count()).toBe(4);
    await expect
      .poll(() => page().getByTestId('preview-summary').textContent())
      .toMatch(/0 ready · 3 need a fix · 1 already have a result/);

    // Fix the time in place: the row is checked again and becomes ready.
    const fix = page().getByTestId('fix-time').first();
    await fix.fill('0:25:00');
    await fix.press('Tab');
    await expect
      .poll(() => page().getByTestId('preview-summary').textContent())
      .toMatch(/1 ready · 2 need a fix · 1 already have a result/);
    await page().getByTestId('commit-valid').click();
    await expect
      .poll(() => page().getByTestId('import-message').textContent())
      .toMatch(/Saved 1 results; .* 3 rows were not saved/);

    // Checking what is left again offers nothing already saved.
    await page().getByRole('button', { name: 'Check rows' }).click();
    await expect
      .poll(() => page().getByTestId('preview-summary').textContent())
      .toMatch(/0 ready · 2 need a fix · 1 already have a result/);
    expect(await entriesOf(fresh.registration_id)).toBe(1);
    expect(await entriesOf(badTime.registration_id)).toBe(1);
    expect(await entriesOf(already.registration_id)).toBe(2);
    expect(await waitingOf(already.registration_id)).toBe(0);
    await look(s, 'rm-results-paste-left');
  });

  it('keeps the paste text and the tab when switching screens', async () => {
    const before = await page().getByTestId('paste-box').inputValue();
    await page().keyboard.press('Alt+1');
    await page().getByTestId('search').waitFor();
    await page().keyboard.press('Alt+2');
    expect(
      await page().getByRole('tab', { name: 'Paste or import CSV' }).getAttribute('aria-selected'),
    ).toBe('true');
    expect(await page().getByTestId('paste-box').inputValue()).toBe(before);
    await page().getByRole('tab', { name: 'Type results' }).click();
  });

  it('offers Undo after a delete, and drops the "Saved" line about the deleted row', async () => {
    const p = runners[4]!;
    await typeRow(p, '0:31:00');
    await page().getByTestId('entry-saved').waitFor();
    const row = page()
      .locator('[data-testid="entry-row"][data-state="queued"]')
      .filter({ hasText: `${p.user.first_name} ${p.user.last_name}` })
      .filter({ hasText: String(p.bib_num) });
    await row.getByRole('button', { name: 'Delete' }).click();
    await page().getByTestId('undo-delete').waitFor();
    expect(await page().getByTestId('entry-saved').count()).toBe(0);
    expect(await entriesOf(p.registration_id)).toBe(0);
    await look(s, 'rm-results-undo');
    await page().getByTestId('undo-delete').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => entriesOf(p.registration_id)).toBe(1);
    await expect.poll(() => row.count()).toBe(1);
    await sim.faults.clear();
    expect(s.pageErrors).toEqual([]);
  });

  it('takes elevation in feet (saved in mm), labels the tally, and asks for a missing one once', async () => {
    const climb = sim.inspect.events().find((e) => e.name === 'Virtual Climb Challenge')!.eventId;
    const p = sim.inspect.participants(climb).find((x) => x.bib_num !== null)!;
    await page().getByLabel('Virtual event').selectOption(String(climb));
    await page().getByLabel('Count or distance').waitFor();
    // RunSignup says nowhere whether an event takes elevation: staff mark it (docs/RUNSIGNUP.md §7).
    await page().getByTestId('elevation-required').locator('input').check();
    expect(await page().locator('#tally-hint').textContent()).toMatch(/laps, miles/);
    await page().getByTestId('elevation-unit').selectOption('ft');
    await bib().fill(String(p.bib_num));
    await expect
      .poll(() => page().getByTestId('entry-name').textContent())
      .toContain(p.user.last_name);
    await page().getByTestId('entry-time').fill('1:10:00');
    await page().getByLabel('Count or distance').fill('3');
    await page().getByTestId('entry-time').press('Enter');
    // The required elevation is asked for, once, and the message goes as soon as it is typed.
    const problem = page().getByTestId('entry-problem');
    await expect.poll(() => problem.textContent()).toMatch(/levation/i);
    expect(await page().getByTestId('entry-name').textContent()).not.toMatch(/levation/i);
    await look(s, 'rm-results-climb-required');
    await page().getByTestId('entry-elevation').type('1200');
    expect(await problem.count()).toBe(0);
    await page().getByTestId('entry-elevation').press('Enter');
    const entries = async () =>
      (
        await s.host.kiosk.api.listEntries({
          view: 'queue',
          eventId: climb,
          search: '',
          limit: 5,
          offset: 0,
        })
      ).entries.filter((e) => e.registrationId === p.registration_id);
    await expect.poll(entries).toMatchObject([{ elevationMm: 365_760, tally: 3 }]);
    const row = page()
      .locator('[data-testid="entry-row"]')
      .filter({ hasText: String(p.bib_num) });
    await expect.poll(() => row.textContent()).toMatch(/1,200 ft/);
    await look(s, 'rm-results-climb-sent');
    expect(s.pageErrors).toEqual([]);
  });
});
