/**
 * The first roster load keeps two pages on the wire, and an urgent call (a screen waiting, a
 * result send) that arrives meanwhile takes the next call slot that frees: no further page goes
 * out while it waits, and the kiosk never has 3 calls open (issue 14, call-limiter.ts). Real
 * HTTP to the simulator over a scaled-down venue link (pages take a while, so calls overlap),
 * a real SQLite file. The pages come gzipped: the client asks for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLimiter } from '../../../main/runsignup/call-limiter';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { LINK_PROFILES } from '../../../main/simulator/link';
import { benchClient } from '../../bench/bench-client';
import { firstLoad } from '../../bench/roster';
import { tempDatabase } from '../../bench/temp-db';

type Step = { what: 'page' | 'poll' | 'urgent asked' | 'urgent sent'; n: number };

describe('an urgent call during the first roster load', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 14,
      scenario: { participants: 20_000 },
      registrationRequiredFrom: '2100-01-01',
      // The venue's shape, shorter: every page takes about 0.2 s of "RunSignup" time.
      link: { ...LINK_PROFILES['venue']!, rttMs: 10, pageBaseMs: 200, perRowMs: 0, mbitPerS: 400 },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('goes before any further page, with two pages on the wire otherwise and never a third call', async () => {
    const steps: Step[] = [];
    let pages = 0;
    const limiter = new CallLimiter();
    // Called inside the limiter's slot: the moment a call really goes out.
    let pagesOpen = 0;
    /** How the pages came (the simulator gzips only what the request accepts gzipped). */
    const encodings = new Set<string | null>();
    let mostPagesOpen = 0;
    const loadFetch: typeof fetch = async (input, init) => {
      if (!/\/participants\?/.test(String(input))) return fetch(input, init);
      steps.push({ what: 'page', n: ++pages });
      mostPagesOpen = Math.max(mostPagesOpen, ++pagesOpen);
      try {
        const response = await fetch(input, init);
        encodings.add(response.headers.get('content-encoding'));
        return response;
      } finally {
        pagesOpen -= 1;
      }
    };
    let urgent = 0;
    const screen = benchClient(
      sim,
      (input, init) => {
        steps.push({ what: 'urgent sent', n: urgent });
        return fetch(input, init);
      },
      limiter,
    );
    // The check-in poller keeps asking too (background, like the pages).
    let polls = 0;
    const poller = benchClient(
      sim,
      (input, init) => {
        steps.push({ what: 'poll', n: ++polls });
        return fetch(input, init);
      },
      limiter,
    );
    const temp = tempDatabase('urgent-during-load');
    try {
      sim.inspect.clearRequests();
      let loading = true;
      const load = firstLoad(sim, temp.db, loadFetch, limiter).finally(() => (loading = false));
      const polling = (async () => {
        while (loading) await poller.getCheckins({ raceId: sim.raceId, page: 1, num: 10 });
      })();
      // A screen asks for the race again and again while the pages come in.
      while (loading) {
        await new Promise((r) => setTimeout(r, 30));
        if (!loading || pages < 2) continue;
        urgent += 1;
        steps.push({ what: 'urgent asked', n: urgent });
        await screen.getRace(sim.raceId, 'urgent');
      }
      const store = await load;
      await polling;
      expect(store.count()).toBe(sim.inspect.participants().length);

      const asked = steps.filter((s) => s.what === 'urgent asked');
      expect(asked.length, 'urgent calls answered during the load').toBeGreaterThanOrEqual(2);
      // Between an urgent call being asked and it going out, no page or poll went out.
      for (const a of asked) {
        const from = steps.indexOf(a);
        const sent = steps.findIndex((s, i) => i > from && s.what === 'urgent sent');
        expect(sent, `urgent call ${a.n} went out`).toBeGreaterThan(from);
        expect(steps.slice(from + 1, sent).filter((s) => s.what !== 'urgent sent')).toEqual([]);
      }
      expect(polls).toBeGreaterThan(0);

      // Two pages were on the wire at once, and never more than 2 calls in all.
      expect(mostPagesOpen).toBe(2);
      const log = sim.inspect.requests();
      expect(Math.max(...log.map((r) => r.concurrent))).toBe(2);
      expect(limiter.peak).toBe(2);
      expect([...encodings]).toEqual(['gzip']);
      expect(log.filter((r) => r.throttled)).toEqual([]);
    } finally {
      temp.close();
    }
  }, 60_000);
});
