import { describe, expect, it } from 'vitest';
import { runChaos } from '../../chaos/run-chaos';

// The chaos run (npm run chaos) in small: a real kiosk child process on a real data folder,
// faults at the simulator, two SIGKILLs and restarts; nothing acknowledged may be lost or stale.
describe('the chaos run, small', () => {
  it('keeps every acknowledged result and the whole feed through kills and faults', async () => {
    const r = await runChaos({
      seed: 5,
      entries: 300,
      kills: 2,
      participants: 600,
      runnersPerEvent: 30,
      burstSize: 150,
      pasteMin: 5,
      pasteMax: 40,
      pauseMs: [0, 150],
      drainTimeoutMs: 20_000,
    });
    expect(r.kills).toBe(2);
    expect(r.entries).toBeGreaterThanOrEqual(300);
    expect(r.registrations).toBeGreaterThan(50);
    expect(Object.entries(r.faults).some(([k, n]) => k !== 'none' && n > 0)).toBe(true);
    expect({
      drained: r.drained,
      lost: r.lost,
      stale: r.stale,
      reordered: r.reordered,
      unknown: r.unknown,
      parked: r.parked,
      rejected: r.rejected,
      feedDiff: r.feedDiff,
      examples: r.examples,
    }).toEqual({
      drained: true,
      lost: 0,
      stale: 0,
      reordered: 0,
      unknown: 0,
      parked: 0,
      rejected: 0,
      feedDiff: 0,
      examples: [],
    });
  }, 90_000);
});
