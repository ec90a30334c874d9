import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { SimParticipant, Simulator } from '../../main/simulator/index';
import { BRISK_TIMINGS, onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';

// Result entry for virtual events against the simulator, through the web host, in Chromium.
describe('the Results screen', () => {
  let sim: Simulator;
  let s: E2eSession;
  let virtual5k: number;
  let runners: SimParticipant[];

  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, scenario: { participants: 2000 } });
    virtual5k = sim.inspect.events().find((e) => e.name === 'Virtual 5K')!.eventId;
    runners = sim.inspect.participants(virtual5k).filter((p) => p.bib_num !== null);
    s = await openKiosk({
      ...onRace(sim, { pollIntervalSec: 30, deviceName: 'Results table' }),
      deps: { timings: BRISK_TIMINGS },
    });
    await s.page.getByTestId('checked-in-count').waitFor();
    for (let i = 0; i < 200 && (await s.host.kiosk.api.getResultEvents()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await s.page.keyboard.press('Alt+2');
    await s.page.getByTestId('entry-grid').waitFor();
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  const rowsIn = (state: string) =>
    s.page.locator(`[data-testid="entry-row"][data-state="${state}"]`);

  it('queues 10 rows typed while offline, then sends them when the connection returns', async () => {
    await sim.faults.set({ type: 'refused' });
    const bib = s.page.getByTestId('entry-bib');
    for (const [i, p] of runners.slice(0, 10).entries()) {
      await bib.fill(String(p.bib_num));
      await expect
        .poll(() => s.page.getByTestId('entry-name').textContent())
        .toContain(p.user.last_name);
      await s.page.getByTestId('entry-time').fill(`0:${20 + i}:0${i % 10}.5`);
      await s.page.getByTestId('entry-time').press('Enter');
      await expect.poll(() => bib.inputValue()).toBe('');
      expect(await bib.evaluate((el) => el === document.activeElement)).toBe(true);
    }
    await expect
      .poll(() => s.page.getByTestId('queue-header').textContent(), { timeout: 15_000 })
      .toMatch(/10 waiting · offline since .* they will be sent automatically/);
    expect(await rowsIn('queued').count()).toBe(10);
    await s.shot('results-offline-queued');
    await sim.faults.clear();
    await expect.poll(() => rowsIn('sent').count(), { timeout: 20_000 }).toBe(10);
    await expect
      .poll(() => s.page.getByTestId('queue-header').textContent())
      .toContain('All results sent');
    const held = sim.inspect.results(virtual5k);
    expect(held).toHaveLength(10);
    await s.shot('results-sent');
  });

  it('pastes 200 rows from a spreadsheet, previews them and commits the valid ones', async () => {
    await s.page.getByRole('tab', { name: 'Paste or import CSV' }).click();
    const batch = runners.slice(10, 209);
    const lines = [
      'Bib\tTime',
      ...batch.map(
        (p, i) =>
          `${p.bib_num}\t1:${String(i % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${i % 10}`,
      ),
      '99999\t0:30:00',
    ];
    await s.page.getByTestId('paste-box').fill(lines.join('\n'));
    await s.page.getByRole('button', { name: 'Check rows' }).click();
    await expect
      .poll(() => s.page.getByTestId('preview-summary').textContent())
      .toMatch(/199 ready · 1 need a fix/);
    await s.shot('results-paste-preview');
    await s.page.getByTestId('commit-valid').click();
    await expect
      .poll(() => s.page.getByTestId('import-message').textContent())
      .toMatch(/Saved 199 results/);
    expect(await s.page.getByTestId('preview-row').count()).toBe(1);
    await expect.poll(() => sim.inspect.results(virtual5k).length, { timeout: 20_000 }).toBe(209);
  });

  it('parks a row RunSignup rejects as needs fix, with its message, and lets it be deleted', async () => {
    await s.page.getByRole('tab', { name: 'Type results' }).click();
    const gone = runners[runners.length - 1]!;
    sim.control.removeParticipant(gone.registration_id, 'removed');
    await s.page.getByTestId('entry-bib').fill(String(gone.bib_num));
    await s.page.getByTestId('entry-time').fill('0:33:33');
    await s.page.getByTestId('entry-time').press('Enter');
    const parked = rowsIn('needs_fix');
    await expect.poll(() => parked.count(), { timeout: 20_000 }).toBe(1);
    expect(await parked.first().textContent()).toMatch(/registration|bib/i);
    await expect
      .poll(() => s.page.getByTestId('queue-header').textContent())
      .toContain('1 result needs a fix');
    await s.shot('results-needs-fix');
    await parked.first().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => parked.count()).toBe(0);
    expect(s.pageErrors).toEqual([]);
  });
});
