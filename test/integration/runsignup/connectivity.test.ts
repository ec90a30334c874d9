import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import { ConnectivityMonitor } from '../../../main/connectivity';
import type { ConnectivityState } from '../../../main/connectivity';
import { ManualClock } from '../../doubles/manual-clock';
import { credentialsFor, simClient, smallSimulator } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await smallSimulator();
});
afterAll(() => sim.close());

describe('ConnectivityMonitor fed by a real client', () => {
  it('goes offline when RunSignup stops answering and back online via the probe', async () => {
    const clock = new ManualClock();
    const monitor: ConnectivityMonitor = new ConnectivityMonitor({
      clock,
      probe: () => client.probe(),
      probeIntervalMs: 20,
      maxProbeIntervalMs: 80,
    });
    const { client } = simClient(sim, credentialsFor(sim, 'v2'), {
      clock,
      retry: { attempts: 1, baseMs: 10, maxMs: 10 },
      onOutcome: (o) => monitor.report(o),
    });
    const states: ConnectivityState[] = [];
    monitor.subscribe((s) => states.push(s));
    monitor.start();

    await client.getRace(sim.raceId);
    expect(monitor.state().online).toBe(true);

    await sim.faults.set({ type: 'refused' });
    clock.advance(1000);
    await expect(client.getRace(sim.raceId)).rejects.toMatchObject({ kind: 'transient' });
    expect(monitor.state()).toEqual({
      online: false,
      since: clock.now(),
      lastError: 'Could not connect to RunSignup (connection refused)',
    });

    const backOnline = new Promise<void>((resolve) => monitor.onOnline(resolve));
    sim.inspect.clearRequests();
    clock.advance(1000);
    await sim.faults.clear();
    await backOnline;
    expect(monitor.state()).toEqual({ online: true, since: clock.now(), lastError: null });
    // the probe that brought it back was one light request to the key-check endpoint
    expect(sim.inspect.requests().map((r) => r.path)).toContain(
      '/rest/v2/auth-info/entity-info.json',
    );
    expect(states.map((s) => s.online)).toEqual([false, true]);
    monitor.stop();
  });

  it('the probe resolves on any answer, even one that rejects the credentials', async () => {
    const { client } = simClient(sim, {
      kind: 'v1',
      apiKey: 'wrong-key-0000',
      apiSecret: 'wrong-secret-0000',
    });
    await expect(client.probe()).resolves.toBeUndefined();
    const { client: none } = simClient(sim, null);
    await expect(none.probe()).resolves.toBeUndefined();
  });

  it('the probe rejects with a network error when nothing answers', async () => {
    await sim.faults.set({ type: 'refused' });
    try {
      const { client, sent } = simClient(sim, credentialsFor(sim, 'v1'));
      await expect(client.probe()).rejects.toMatchObject({
        kind: 'transient',
        details: { network: true },
      });
      expect(sent).toHaveLength(1); // one quick try, no retries
    } finally {
      await sim.faults.clear();
    }
  });
});
