import type { Page } from 'playwright-core';
import type { SimParticipant, Simulator } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import { Prng } from '../../main/simulator/prng';
import { onRace, openKiosk } from '../e2e/harness';
import type { E2eSession } from '../e2e/harness';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import { percentile } from './percentile';
import { tempDir } from './temp-dir';

const PARTICIPANTS = 3000;
const SAMPLES = 20;
const POLL_INTERVAL_S = 2;

/** A fetch that notes when each check-in poll request left main (Date.now()). */
function pollRecordingFetch(starts: number[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith('/checkin-timestamps.json')) starts.push(Date.now());
    return fetch(input, init);
  };
}

/** Runners not checked in whose full name nobody else has (so the DOM row is unambiguous). */
function uniqueUnchecked(sim: Simulator): SimParticipant[] {
  const people = sim.inspect.participants();
  const count = new Map<string, number>();
  const nameOf = (p: SimParticipant) => `${p.user.first_name} ${p.user.last_name}`.trim();
  for (const p of people) count.set(nameOf(p), (count.get(nameOf(p)) ?? 0) + 1);
  const checked = new Set(sim.inspect.checkins().map((c) => c.registration_id));
  return people.filter((p) => count.get(nameOf(p)) === 1 && !checked.has(p.registration_id));
}

/** Resolves with the page's Date.now() on the first animation frame where a feed row shows `name`. */
async function rowShownAt(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => {
      for (const el of document.querySelectorAll('[data-testid="feed-row"] .name')) {
        if (el.textContent === wanted) return Date.now();
      }
      return false;
    },
    name,
    { polling: 'raf', timeout: 20_000 },
  );
  return Number(await handle.jsonValue());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const feedLatencyBench: SubBench = {
  name: 'feed latency',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 52,
      scenario: { participants: PARTICIPANTS, checkedInFraction: 0.3 },
    });
    const data = tempDir('feed');
    let s: E2eSession | null = null;
    try {
      const pollStarts: number[] = [];
      s = await openKiosk({
        dataDir: data.dir,
        ...onRace(sim, { pollIntervalSec: POLL_INTERVAL_S }),
        deps: { fetch: pollRecordingFetch(pollStarts) },
      });
      await s.page.getByTestId('feed-row').first().waitFor({ timeout: 60_000 });

      const candidates = uniqueUnchecked(sim);
      const prng = new Prng(7);
      const total: number[] = [];
      const afterPoll: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        // A random phase against the poll timer, so the wait for the next poll is sampled fairly.
        await sleep(prng.int(0, POLL_INTERVAL_S * 1000));
        const p = candidates[i * Math.floor(candidates.length / SAMPLES)]!;
        const shown = rowShownAt(s.page, `${p.user.first_name} ${p.user.last_name}`.trim());
        const t0 = Date.now();
        sim.control.checkIn([p.registration_id], Math.floor(t0 / 1000));
        const at = await shown;
        total.push(at - t0);
        // The first poll that left after the check-in is the one that found it.
        const poll = pollStarts.find((t) => t >= t0);
        if (poll !== undefined) afterPoll.push(at - poll);
      }
      const errors = s.pageErrors.length
        ? `; page errors: ${s.pageErrors.slice(0, 3).join(' | ')}`
        : '';
      return [
        {
          key: 'feed_latency_p95_ms',
          value: round(percentile(total, 95), 0),
          unit: 'ms',
          notes: `sim checkIn → row in the DOM (rAF polling), ${SAMPLES} samples, ${PARTICIPANTS} participants, poll interval ${POLL_INTERVAL_S} s (includes the wait for the next poll); p50 ${round(percentile(total, 50), 0)} ms${errors}`,
        },
        {
          key: 'feed_latency_p95_minus_poll_ms',
          value: round(percentile(afterPoll, 95), 0),
          unit: 'ms',
          notes: `from the start of the poll request that found it to the row in the DOM (${afterPoll.length} samples); p50 ${round(percentile(afterPoll, 50), 0)} ms`,
        },
      ];
    } finally {
      await s?.close();
      await sim.close();
      data.dispose();
    }
  },
};
