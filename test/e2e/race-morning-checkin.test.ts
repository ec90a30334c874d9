import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { SimParticipant, Simulator } from '../../main/simulator/index';
import { onRace, openKiosk } from './harness';
import type { E2eSession } from './harness';
import { look } from './look';

// Issue "race-morning screens", Check-in: a scan always wins, offline answers say so, counts are
// for in-person events, names are found the way people type them, and it fits the screen.
// Every state is checked with axe-core and saved at the three screen sizes (see look.ts).
describe('Check-in on race morning', () => {
  let sim: Simulator;
  let s: E2eSession;
  const nowS = () => Math.floor(Date.now() / 1000);
  const search = () => s.page.getByTestId('search');
  const verdict = () => s.page.getByTestId('verdict');

  let virtualEvents: Set<number>;
  let named: Record<string, SimParticipant>;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 12,
      scenario: { participants: 400, checkedInFraction: 0.3 },
    });
    virtualEvents = new Set(
      sim.inspect
        .events()
        .filter((e) => e.eventType !== 'running_race')
        .map((e) => e.eventId),
    );
    const checked = new Set(sim.inspect.checkins().map((c) => c.registration_id));
    const free = sim.inspect
      .participants()
      .filter(
        (p) => !virtualEvents.has(p.event_id) && !checked.has(p.registration_id) && p.bib_num,
      );
    const rename = (i: number, first: string, last: string, team: string | null = null) =>
      sim.control.modifyParticipant(free[i]!.registration_id, {
        first_name: first,
        last_name: last,
        team_name: team,
      });
    named = {
      obrien: rename(0, 'Sean', "O'Brien"),
      dandre: rename(1, "D'Andre", 'Whitaker'),
      marykate: rename(2, 'Mary-Kate', 'Lindqvist'),
      marquez: rename(3, 'Gabriela', 'García Márquez'),
      long: rename(4, 'Kathleen', 'Schoonmaker-Vanderbilt'),
      team: rename(
        5,
        'Ann',
        'Teamster',
        'Greater Metropolitan Area Road Runners and Walkers Association',
      ),
    };
    // A virtual runner who "checked in" must not count at pickup.
    const virtualRunner = sim.inspect.participants().find((p) => virtualEvents.has(p.event_id))!;
    sim.control.checkIn([virtualRunner.registration_id, named.long!.registration_id], nowS());
    s = await openKiosk(
      { ...onRace(sim), deps: { timings: { probeIntervalMs: 500, requestTimeoutMs: 3000 } } },
      { width: 1366, height: 768 },
    );
    await s.page.getByTestId('feed-row').first().waitFor({ timeout: 30_000 });
    await s.page
      .getByTestId('feed-row')
      .filter({ hasText: 'Schoonmaker' })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await s?.close();
    await sim?.close();
  });

  const unchecked = () => {
    const checked = new Set(sim.inspect.checkins().map((c) => c.registration_id));
    return sim.inspect
      .participants()
      .find(
        (p) =>
          !virtualEvents.has(p.event_id) &&
          !checked.has(p.registration_id) &&
          p.bib_num !== null &&
          !Object.values(named).includes(p),
      )!;
  };
  const isFocused = () =>
    search().evaluate((el) => el === document.activeElement) as Promise<boolean>;

  it('counts in-person events, and shows virtual ones apart', async () => {
    const inPerson = sim.inspect.participants().filter((p) => !virtualEvents.has(p.event_id));
    const ids = new Set(inPerson.map((p) => p.registration_id));
    const checkedIn = sim.inspect.checkins().filter((c) => ids.has(c.registration_id)).length;
    await expect
      .poll(async () =>
        Number((await s.page.getByTestId('checked-in-count').textContent())?.replace(/,/g, '')),
      )
      .toBe(checkedIn);
    expect(await s.page.getByTestId('totals').textContent()).toContain(
      `of ${inPerson.length.toLocaleString('en-US')} checked in`,
    );
    const apart = s.page.getByTestId('virtual-events');
    expect(await apart.textContent()).toMatch(/Virtual events/);
    expect(await apart.getByTestId('event-count').count()).toBe(virtualEvents.size);
    await look(s, 'rm-checkin-counts');
  });

  it('draws a focus ring with at least 3:1 contrast on the page and on the dark header', async () => {
    const ratio = (fg: string, bg: string) => {
      const lum = (c: string) => {
        const [r, g, b] = c
          .match(/\d+/g)!
          .slice(0, 3)
          .map((v) => Number(v) / 255)
          .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a! + 0.05) / (b! + 0.05);
    };
    const ring = async (selector: string, behind: string) => {
      await s.page.locator(selector).first().focus();
      return s.page.evaluate(
        ([sel, bg]) => ({
          visible:
            document.querySelector(sel!)!.matches(':focus-visible') &&
            getComputedStyle(document.querySelector(sel!)!).outlineStyle !== 'none',
          outline: getComputedStyle(document.querySelector(sel!)!).outlineColor,
          behind: getComputedStyle(document.querySelector(bg!)!).backgroundColor,
        }),
        [selector, behind],
      );
    };
    await s.page.keyboard.press('Tab');
    const onPage = await ring('[data-testid="search"]', 'body');
    expect(onPage.visible).toBe(true);
    expect(ratio(onPage.outline, onPage.behind)).toBeGreaterThanOrEqual(3);
    const onHeader = await ring('nav button', 'header');
    expect(onHeader.visible).toBe(true);
    expect(ratio(onHeader.outline, onHeader.behind)).toBeGreaterThanOrEqual(3);
    await search().focus();
  });

  it('names each "Not picked up" button after its event', async () => {
    for (const e of sim.inspect.events()) {
      await s.page.getByRole('button', { name: `Not picked up: ${e.name}` }).waitFor();
    }
  });

  it('lets a scan replace a name being typed; Esc clears; the box keeps the cursor', async () => {
    const p = unchecked();
    await search().click();
    await s.page.keyboard.type('smi', { delay: 150 });
    await s.page.getByTestId('lookup-card').locator('li').first().waitFor();
    await s.page.keyboard.type(`${p.bib_num}\n`, { delay: 5 });
    await expect.poll(() => verdict().textContent()).toContain('NOT checked in');
    expect(await s.page.getByTestId('lookup-card').textContent()).toContain(p.user.last_name);
    expect(await search().inputValue()).toBe('');
    expect(await isFocused()).toBe(true);
    await look(s, 'rm-checkin-scan-after-name');

    await s.page.keyboard.type('abc', { delay: 30 });
    await s.page.keyboard.press('Escape');
    expect(await search().inputValue()).toBe('');
    await expect.poll(() => s.page.getByTestId('lookup-card').count()).toBe(0);
    expect(await isFocused()).toBe(true);

    // After a click elsewhere, a scan still lands in the box and the box keeps the cursor.
    await s.page.locator('h1').click();
    await s.page.keyboard.type(`${p.bib_num}\n`, { delay: 5 });
    await expect.poll(() => verdict().textContent()).toContain('NOT checked in');
    expect(await isFocused()).toBe(true);
  });

  it('finds names the way people type them, and says when the list is cut', async () => {
    const cases: Array<[string, SimParticipant]> = [
      ['obrien', named.obrien!],
      ['dandre', named.dandre!],
      ['mary kate', named.marykate!],
      ['marquez', named.marquez!],
    ];
    for (const [typed, p] of cases) {
      await search().fill(typed);
      await expect
        .poll(() => s.page.getByTestId('lookup-card').textContent(), { timeout: 5000 })
        .toContain(p.user.last_name);
    }
    await look(s, 'rm-checkin-name-apostrophe');
    await search().fill('a');
    await expect
      .poll(() => s.page.getByTestId('hits-cut').textContent(), { timeout: 5000 })
      .toMatch(/^\s*50 of \d+ shown — type more of the name\s*$/);
    await look(s, 'rm-checkin-name-list-cut');
    await search().press('Escape');
  });

  it('keeps the event table and the feed on screen after a scan, names uncut', async () => {
    const p = unchecked();
    await s.page.keyboard.type(`${p.bib_num}\n`, { delay: 5 });
    await verdict().waitFor();
    const below = await s.page.evaluate(() => {
      const h = window.innerHeight;
      const bottom = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().bottom;
      return {
        table: bottom('[data-testid="counts"] table') - h,
        feed: bottom('[data-testid="feed"]') - h,
      };
    });
    expect(below.table).toBeLessThanOrEqual(0);
    expect(below.feed).toBeLessThanOrEqual(0);
    const row = s.page.getByTestId('feed-row').filter({ hasText: 'Schoonmaker' }).first();
    const name = row.locator('.name');
    const cut = () => name.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(await cut()).toBe(false);
    expect(await row.locator('.time').textContent()).toMatch(/^\d{1,2}:\d{2}$/);
    await s.page.setViewportSize({ width: 1280, height: 800 });
    expect(await cut()).toBe(false);
    await s.page.setViewportSize({ width: 1366, height: 768 });
  });

  it('never puts the chart’s peak label under a bar', async () => {
    sim.control.checkInBurst(40, nowS());
    await expect
      .poll(() => s.page.getByTestId('chart-peak').textContent(), { timeout: 15_000 })
      .toMatch(/peak (\d{2,})/);
    const overlaps = await s.page.evaluate(() => {
      const label = document.querySelector('[data-testid="chart-peak"]')!.getBoundingClientRect();
      return [...document.querySelectorAll('.chart rect')].some((r) => {
        const b = r.getBoundingClientRect();
        return b.height > 0 && b.top < label.bottom && b.right > label.left;
      });
    });
    expect(overlaps).toBe(false);
  });

  it('lists who has not picked up under column headers, one line each', async () => {
    await s.page
      .getByRole('button', { name: `Not picked up: ${eventName(named.team!.event_id)}` })
      .click();
    const list = s.page.getByRole('list', { name: 'Runners not picked up' });
    await list.waitFor();
    const header = s.page.locator('.line.person.header');
    expect(await header.textContent()).toMatch(/Bib.*Name.*Team/);
    const row = list.getByRole('listitem').filter({ hasText: 'Teamster' });
    await row.scrollIntoViewIfNeeded();
    const about = row.locator('.about');
    expect(await about.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(40);
    await look(s, 'rm-checkin-not-picked-up');
    await s.page.getByRole('button', { name: 'Back to live feed' }).click();
  });

  it('offline, says that "not checked in" may be out of date, in amber', async () => {
    await sim.faults.set({ type: 'refused' });
    await s.page.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
    const p = unchecked();
    await s.page.keyboard.type(`${p.bib_num}\n`, { delay: 5 });
    await expect
      .poll(() => verdict().textContent())
      .toMatch(/Not checked in as of \d{1,2}:\d{2}\s?[AP]M — offline/);
    expect(await s.page.locator('.answer').getAttribute('class')).toContain('unsure');
    await look(s, 'rm-checkin-offline-not-in');
    const inRow = sim.inspect.checkins()[0]!;
    const bib = sim.inspect
      .participants()
      .find((x) => x.registration_id === inRow.registration_id)!;
    await s.page.keyboard.type(`${bib.bib_num}\n`, { delay: 5 });
    await expect.poll(() => verdict().textContent()).toMatch(/CHECKED IN at/);
    expect(await s.page.locator('.answer').getAttribute('class')).toContain('in');
    await look(s, 'rm-checkin-offline-in');
    await sim.faults.clear();
    await s.page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 20_000 });
    expect(s.pageErrors).toEqual([]);
  });

  const eventName = (id: number) => sim.inspect.events().find((e) => e.eventId === id)!.name;
});
