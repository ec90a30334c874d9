import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectivityMonitor } from '../../../main/connectivity';
import type { ConnectivityState } from '../../../main/connectivity';
import { ManualClock } from '../../doubles/manual-clock';
import { ApiError } from '../../../main/runsignup/errors';

const refused = new ApiError('transient', 'Could not connect to RunSignup (connection refused)', {
  network: true,
});
const badGateway = new ApiError('transient', 'RunSignup is not available right now (HTTP 502)', {
  status: 502,
});

describe('ConnectivityMonitor', () => {
  let clock: ManualClock;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = new ManualClock();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes offline on a network failure and online on any answer', () => {
    const monitor = new ConnectivityMonitor({ clock, probe: async () => {} });
    expect(monitor.state().online).toBe(true);
    clock.advance(1000);
    monitor.report({ ok: false, error: refused });
    expect(monitor.state()).toEqual({
      online: false,
      since: clock.now(),
      lastError: refused.message,
    });
    clock.advance(1000);
    monitor.report({ ok: false, error: badGateway }); // an answer, even a bad one
    expect(monitor.state()).toEqual({
      online: true,
      since: clock.now(),
      lastError: badGateway.message,
    });
    monitor.report({ ok: true });
    expect(monitor.state().lastError).toBeNull();
  });

  it('tells subscribers about changes only, until they unsubscribe', () => {
    const monitor = new ConnectivityMonitor({ clock, probe: async () => {} });
    const seen: ConnectivityState[] = [];
    const unsubscribe = monitor.subscribe((s) => seen.push(s));
    monitor.report({ ok: true }); // no change
    monitor.report({ ok: false, error: refused });
    monitor.report({ ok: false, error: refused }); // no change
    unsubscribe();
    monitor.report({ ok: true });
    expect(seen.map((s) => s.online)).toEqual([false]);
  });

  it('probes while offline with a doubling interval, then fires onOnline once', async () => {
    let answers = false;
    const probe = vi.fn(async () => {
      if (!answers) throw refused;
    });
    const monitor = new ConnectivityMonitor({
      clock,
      probe,
      probeIntervalMs: 100,
      maxProbeIntervalMs: 350,
    });
    const online = vi.fn();
    monitor.onOnline(online);
    monitor.start();
    monitor.report({ ok: false, error: refused });

    await vi.advanceTimersByTimeAsync(99);
    expect(probe).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1); // t=100
    expect(probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // t=300 (waited 200)
    expect(probe).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(350); // capped at 350
    expect(probe).toHaveBeenCalledTimes(3);

    answers = true;
    await vi.advanceTimersByTimeAsync(350);
    expect(probe).toHaveBeenCalledTimes(4);
    expect(monitor.state().online).toBe(true);
    expect(online).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(4); // no probing while online
  });

  it('counts a probe the server refused (e.g. 401) as online', async () => {
    const probe = async () => {
      throw new ApiError('needs-user', 'RunSignup rejected the API key', { status: 401 });
    };
    const monitor = new ConnectivityMonitor({
      clock,
      probe,
      probeIntervalMs: 10,
      initiallyOnline: false,
    });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.state().online).toBe(true);
  });

  it('an outcome from real traffic ends probing early and resets the interval', async () => {
    const probe = vi.fn(async () => {
      throw refused;
    });
    const monitor = new ConnectivityMonitor({ clock, probe, probeIntervalMs: 100 });
    monitor.start();
    monitor.report({ ok: false, error: refused });
    await vi.advanceTimersByTimeAsync(100);
    expect(probe).toHaveBeenCalledTimes(1);
    monitor.report({ ok: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(probe).toHaveBeenCalledTimes(1);
    monitor.report({ ok: false, error: refused });
    await vi.advanceTimersByTimeAsync(100); // back to the first interval
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it('stop() ends probing; a throwing listener does not break the others', async () => {
    const probe = vi.fn(async () => {
      throw refused;
    });
    const monitor = new ConnectivityMonitor({ clock, probe, probeIntervalMs: 10 });
    const good = vi.fn();
    monitor.subscribe(() => {
      throw new Error('boom');
    });
    monitor.subscribe(good);
    monitor.start();
    monitor.report({ ok: false, error: refused });
    expect(good).toHaveBeenCalledTimes(1);
    monitor.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(probe).not.toHaveBeenCalled();
  });
});
