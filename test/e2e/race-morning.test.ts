/**
 * One race morning against a simulator as RunSignup really answers (issue 10, "Done when"):
 * optional keys left out at random, last year's events (with the same bib numbers) in GET race,
 * one participant row without its registration_id, and an event that requires elevation
 * without saying so. Driven by keyboard in Chromium through the web host, at 1366×768.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { SimEvent, Simulator } from '../../main/simulator/index';
import { BRISK_TIMINGS, onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';

/** The first page of participants loses one row's registration_id (RunSignup sent it so). */
function dropOneRegistrationId(json: unknown): unknown {
  const groups = json as Array<{ participants?: Array<Record<string, unknown>> }>;
  let dropped = false;
  return groups.map((g) => ({
    ...g,
    participants: (g.participants ?? []).map((p) => {
      if (dropped) return p;
      dropped = true;
      const copy = { ...p };
      delete copy.registration_id;
      return copy;
    }),
  }));
}

describe('race morning on a real-shaped race', () => {
  let sim: Simulator;
  let s: E2eSession;
  let thisYear: SimEvent[];

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 2027,
      omitOptionalKeys: true,
      scenario: { participants: 1500, checkedInFraction: 0.2, pastYears: 1 },
    });
    thisYear = sim.inspect.events().filter((e) => e.year === 0);
    await sim.faults.set(
      { type: 'rewrite', rewrite: dropOneRegistrationId },
      { path: /\/participants$/, count: 1 },
    );
    s = await openKiosk(
      {
        ...onRace(sim, { deviceName: 'Finish tent' }),
        deps: { timings: BRISK_TIMINGS },
      },
      { width: 1366, height: 768 },
    );
    await s.page.getByTestId('checked-in-count').waitFor();
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  it('loads the roster though keys are missing, and says how many rows could not be read', async () => {
    await expect
      .poll(() => s.page.getByTestId('unreadable-rows').textContent(), { timeout: 40_000 })
      .toMatch(/RunSignup sent 1\s+row that could not be read/);
    await expect
      .poll(() => s.page.getByTestId('status-unreadable').textContent())
      .toContain('1 row from RunSignup unreadable');
    await s.shot('race-morning-checkin');
    expect(s.pageErrors).toEqual([]);
  });

  it('a scanned bib finds this year’s runner, not last year’s runner with the same bib', async () => {
    const eventIds = new Set(thisYear.map((e) => e.eventId));
    const lastYearBibs = new Set(
      sim.inspect
        .participants()
        .filter((p) => !eventIds.has(p.event_id))
        .map((p) => p.bib_num),
    );
    const runner = sim.inspect
      .participants()
      .filter((p) => eventIds.has(p.event_id))
      .find((p) => p.bib_num !== null && lastYearBibs.has(p.bib_num) && p.user.last_name)!;
    await s.page.getByTestId('search').focus();
    await s.page.keyboard.type(String(runner.bib_num));
    await s.page.keyboard.press('Enter');
    await expect
      .poll(() => s.page.getByTestId('lookup-card').textContent(), { timeout: 30_000 })
      .toContain(runner.user.last_name);
  });

  it('learns that the Climb requires elevation from RunSignup, then asks for it', async () => {
    await s.page.keyboard.press('Alt+2');
    await s.page.getByTestId('entry-grid').waitFor();
    const climb = thisYear.find((e) => e.name === 'Virtual Climb Challenge')!;
    await s.page.getByLabel('Virtual event').selectOption(String(climb.eventId));
    // Only this year's virtual events are offered.
    const offered = await s.page.getByLabel('Virtual event').locator('option').count();
    expect(offered).toBe(thisYear.filter((e) => /virtual/.test(e.eventType ?? '')).length);
    await expect
      .poll(() => s.page.getByTestId('result-set').textContent(), { timeout: 30_000 })
      .not.toContain('Not known yet');

    const [a, b, c] = sim.inspect.participants(climb.eventId).filter((p) => p.bib_num !== null);
    const type = async (bib: number | null, time: string, tally: string, elevation: string) => {
      await s.page.getByTestId('entry-bib').focus();
      await s.page.keyboard.type(String(bib));
      await s.page.keyboard.press('Tab');
      await s.page.keyboard.type(time);
      await s.page.keyboard.press('Tab');
      await s.page.keyboard.type(tally);
      await s.page.keyboard.press('Tab');
      await s.page.keyboard.type(elevation);
      await s.page.keyboard.press('Enter');
    };

    // Nothing says the Climb takes elevation: the row is saved and sent without it…
    await type(a!.bib_num, '1:05:00', '12', '');
    const refused = s.page.locator('[data-testid="entry-row"][data-state="needs_fix"]');
    await expect.poll(() => refused.count(), { timeout: 30_000 }).toBe(1);
    expect(await refused.first().textContent()).toMatch(/elevation_gain_in_mm is required/);
    // …and RunSignup's refusal marks the event.
    const mark = s.page.getByTestId('elevation-required');
    await expect.poll(() => mark.locator('input').isChecked()).toBe(true);
    expect(await mark.textContent()).toContain('RunSignup refused a result without it');
    expect(await s.page.getByTestId('entry-elevation').getAttribute('aria-required')).toBe('true');

    // Now a row without elevation is refused at the table; with it, it is sent.
    await type(b!.bib_num, '1:06:00', '', '');
    await expect
      .poll(() => s.page.getByTestId('entry-problem').textContent())
      .toContain('Elevation gain is required');
    await s.page.getByTestId('entry-bib').fill('');
    await s.page.getByTestId('entry-time').fill('');
    // Typed in metres (the grid's default unit), sent in millimetres.
    await type(c!.bib_num, '1:07:00', '9', '185');
    const sent = s.page.locator('[data-testid="entry-row"][data-state="sent"]');
    await expect.poll(() => sent.count(), { timeout: 30_000 }).toBe(1);
    expect(
      sim.inspect.results(climb.eventId).find((r) => r.registration_id === c!.registration_id),
    ).toMatchObject({ elevation_gain_in_mm: 185000, tally_value: 9 });
    await s.shot('race-morning-results');
    expect(s.pageErrors).toEqual([]);
  });

  it('shows "receipt unreadable" and "set aside" as staff see them, and sends a set-aside row again', async () => {
    const v5k = thisYear.find((e) => e.name === 'Virtual 5K')!;
    await s.page.keyboard.press('Alt+2');
    await s.page.getByTestId('entry-grid').waitFor();
    await s.page.getByLabel('Virtual event').selectOption(String(v5k.eventId));
    const [a, b] = sim.inspect.participants(v5k.eventId).filter((p) => p.bib_num !== null);
    const type = async (bib: number | null, time: string) => {
      await s.page.getByTestId('entry-bib').fill(String(bib));
      await s.page.getByTestId('entry-time').fill(time);
      await s.page.getByTestId('entry-time').press('Enter');
      await expect.poll(() => s.page.getByTestId('entry-bib').inputValue()).toBe('');
    };
    const row = (name: string) => s.page.locator('[data-testid="entry-row"]', { hasText: name });

    // RunSignup answers without an error but with nothing readable: stored, receipt unreadable.
    await sim.faults.set(
      { type: 'rewrite', rewrite: () => ({ status: 'stored' }) },
      { path: /user-results/, count: 1 },
    );
    await type(a!.bib_num, '0:25:00');
    await expect
      .poll(() => row(a!.user.last_name).textContent(), { timeout: 30_000 })
      .toContain('Receipt unreadable');
    expect(await row(a!.user.last_name).getAttribute('data-state')).toBe('sent');

    // RunSignup refuses the same way five times: set aside with its words; the queue goes on.
    await sim.faults.set(
      {
        type: 'rewrite',
        rewrite: () => ({ error: { error_code: 5, error_msg: 'Database error' } }),
      },
      { path: /user-results/, count: 5 },
    );
    await type(b!.bib_num, '0:26:00');
    await expect
      .poll(() => row(b!.user.last_name).textContent(), { timeout: 40_000 })
      .toContain('Set aside');
    expect(await row(b!.user.last_name).getByTestId('entry-state').textContent()).toContain(
      'Set aside',
    );
    expect(await row(b!.user.last_name).textContent()).toContain('Database error');
    await row(b!.user.last_name).scrollIntoViewIfNeeded();
    // The status bar never says "all sent" beside rows that need a fix.
    await expect.poll(() => s.page.getByTestId('queued').textContent()).toMatch(/need a fix/);
    expect(await s.page.getByTestId('queued').textContent()).not.toMatch(/all sent/);
    await s.shot('race-morning-set-aside');
    await row(b!.user.last_name).getByRole('button', { name: 'Send again' }).click();
    await s.page.getByTestId('edit-time').press('Enter');
    await expect
      .poll(
        () =>
          s.page
            .locator('[data-testid="entry-row"][data-state="sent"]', { hasText: b!.user.last_name })
            .count(),
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    expect(s.pageErrors).toEqual([]);
  });
});

describe('results typed before the result sets are known', () => {
  let sim: Simulator;
  let s: E2eSession;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 2028,
      omitOptionalKeys: true,
      scenario: { participants: 400 },
    });
    const v5k = sim.inspect.events().find((e) => e.name === 'Virtual 5K')!;
    sim.control.createResultSet(v5k.eventId, 'Virtual 5K Results');
    sim.control.createResultSet(v5k.eventId, 'Late finishers');
    // get-result-sets answers 502 for now (RunSignup's is known to fail now and then).
    await sim.faults.set({ type: 'http5xx', status: 502 }, { path: /get-result-sets/ });
    s = await openKiosk(
      {
        ...onRace(sim, { deviceName: 'Results table' }),
        deps: { timings: { probeIntervalMs: 300, requestTimeoutMs: 3000, rosterIntervalMs: 500 } },
      },
      { width: 1366, height: 768 },
    );
    await s.page.getByTestId('checked-in-count').waitFor();
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  it('are held (shown, not sent) until the list arrives and staff choose the set', async () => {
    const v5k = sim.inspect.events().find((e) => e.name === 'Virtual 5K')!;
    await s.page.keyboard.press('Alt+2');
    await s.page.getByTestId('entry-grid').waitFor();
    await s.page.getByLabel('Virtual event').selectOption(String(v5k.eventId));
    expect(await s.page.getByTestId('result-set').textContent()).toContain('Not known yet');
    const runner = sim.inspect.participants(v5k.eventId).find((p) => p.bib_num !== null)!;
    await s.page.getByTestId('entry-bib').fill(String(runner.bib_num));
    await s.page.getByTestId('entry-time').fill('0:29:59');
    await s.page.getByTestId('entry-time').press('Enter');
    await expect
      .poll(() => s.page.getByTestId('held-banner').textContent(), { timeout: 30_000 })
      .toMatch(/1\s+result is held[\s\S]*result sets arrive/);
    expect(await s.page.getByTestId('entry-state').first().textContent()).toContain('Held');
    await s.shot('held-waiting-for-sets');

    // The list comes with the next roster update: two sets, so staff must choose.
    await sim.faults.clear();
    await expect
      .poll(() => s.page.getByTestId('held-banner').textContent(), { timeout: 30_000 })
      .toContain('choose the one they go to');
    await s.page
      .getByLabel('Result set for the held results')
      .selectOption({ label: 'Late finishers' });
    await s.shot('held-choose-set');
    await s.page.getByRole('button', { name: 'Send them to this set' }).click();
    await expect
      .poll(() => s.page.locator('[data-testid="entry-row"][data-state="sent"]').count(), {
        timeout: 30_000,
      })
      .toBe(1);
    const late = sim.inspect
      .resultSets(v5k.eventId)
      .find((x) => x.individual_result_set_name === 'Late finishers')!;
    expect(sim.inspect.results(v5k.eventId)).toMatchObject([
      {
        registration_id: runner.registration_id,
        individual_result_set_id: late.individual_result_set_id,
      },
    ]);
    expect(s.pageErrors).toEqual([]);
  });
});
