import { afterEach, describe, expect, it } from 'vitest';
import { firstLoad } from '../../bench/roster';
import { tempDatabase } from '../../bench/temp-db';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { LINK_PROFILES } from '../../../main/simulator/link';

// The link profile changes how answers travel, never what they say: the roster loads whole
// over it, gzipped when asked, and the bytes and RunSignup's page time are counted.
describe('simulator link profile', () => {
  let sim: Simulator;
  afterEach(async () => {
    await sim.close();
  });

  it('loads the same roster over a (fast) venue-shaped link, gzipped', async () => {
    sim = await startSimulator({
      seed: 8,
      scenario: { participants: 3000 },
      registrationRequiredFrom: '2100-01-01',
      link: {
        ...LINK_PROFILES['venue']!,
        rttMs: 2,
        pageBaseMs: 5,
        perRowMs: 0.001,
        mbitPerS: 1000,
      },
    });
    const temp = tempDatabase('link');
    try {
      const store = await firstLoad(sim, temp.db);
      expect(store.count()).toBe(sim.inspect.participants().length);
      const totals = sim.inspect.linkTotals();
      expect(totals.calls).toBeGreaterThan(1);
      expect(totals.serverMs).toBeGreaterThan(0);
      const res = await fetch(`${sim.url}/race/${sim.raceId}?format=json`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(res.headers.get('content-encoding')).toBe('gzip');
    } finally {
      temp.close();
    }
  });
});
