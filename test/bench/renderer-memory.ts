import type { Page } from 'playwright-core';
import type { Simulator } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import { onRace, openKiosk } from '../e2e/harness';
import type { E2eSession } from '../e2e/harness';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import { ROSTER_SIZE } from './roster';
import { tempDir } from './temp-dir';

/** Check-ins are spread over the last four hours of packet pickup, a few per second. */
const SPREAD_S = 4 * 3600;

/** The renderer's live JS heap after a forced garbage collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / (1024 * 1024);
  } finally {
    await cdp.detach();
  }
}

/** Waits until the feed's heading counts `n` rows ("Live feed (50,000)"). */
async function feedShows(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('h2')].some((h) => h.textContent?.includes(label)),
    `(${n.toLocaleString('en-US')})`,
    { polling: 250, timeout: 120_000 },
  );
}

function checkInEveryone(sim: Simulator): void {
  const ids = sim.inspect.participants().map((p) => p.registration_id);
  const nowS = Math.floor(Date.now() / 1000);
  const perSecond = Math.ceil(ids.length / SPREAD_S);
  for (let i = 0; i < ids.length; i += perSecond) {
    sim.control.checkIn(ids.slice(i, i + perSecond), nowS - SPREAD_S + Math.floor(i / perSecond));
  }
}

export const rendererMemoryBench: SubBench = {
  name: 'renderer memory',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 54,
      scenario: { participants: ROSTER_SIZE },
    });
    const data = tempDir('heap');
    let s: E2eSession | null = null;
    try {
      s = await openKiosk({
        dataDir: data.dir,
        ...onRace(sim),
        // Every poll a full reconcile, so check-ins with older timestamps arrive at the next poll.
        deps: { timings: { reconcileEveryMs: 1000 } },
      });
      const host = s.host;
      await s.page.waitForFunction(
        () => document.body.textContent?.includes('No check-ins yet'),
        undefined,
        { timeout: 60_000 },
      );
      const rosterDone = async () => (await host.kiosk.api.getStatus()).roster?.phase === 'done';
      while (!(await rosterDone())) await new Promise((r) => setTimeout(r, 250));
      const empty = await heapMb(s.page);

      checkInEveryone(sim);
      await feedShows(s.page, ROSTER_SIZE);
      const live = await heapMb(s.page);

      await s.page.reload();
      await feedShows(s.page, ROSTER_SIZE);
      const reloaded = await heapMb(s.page);
      const errors = s.pageErrors.length
        ? `; page errors: ${s.pageErrors.slice(0, 3).join(' | ')}`
        : '';
      return [
        {
          key: 'renderer_heap_mb',
          value: round(live, 1),
          unit: 'MB',
          notes: `Chromium renderer JS heap (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage), feed holding ${ROSTER_SIZE} check-ins that arrived live (one delta)${errors}`,
        },
        {
          key: 'renderer_heap_reload_mb',
          value: round(reloaded, 1),
          unit: 'MB',
          notes:
            'same feed after a page reload (arrived as the getFeed snapshot, no live arrivals kept)',
        },
        {
          key: 'renderer_heap_empty_mb',
          value: round(empty, 1),
          unit: 'MB',
          notes: `baseline: same page, roster of ${ROSTER_SIZE} loaded, no check-ins yet`,
        },
      ];
    } finally {
      await s?.close();
      await sim.close();
      data.dispose();
    }
  },
};
