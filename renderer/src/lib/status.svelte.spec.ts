import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../../preload/api';
import { StatusState } from './status.svelte';
import { refuse } from './spec-support';

const status = (online: boolean) => ({ connectivity: { online, since: 0 } }) as AppStatus;

describe('StatusState', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the status, follows main’s events and ticks the clock until stopped', async () => {
    vi.useFakeTimers();
    let push: ((s: AppStatus) => void) | null = null;
    const s = new StatusState({
      on: (_name, listener) => ((push = listener as (s: AppStatus) => void), () => (push = null)),
      getStatus: async () => status(true),
    });
    const stop = s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status?.connectivity.online).toBe(true);
    push!(status(false));
    expect(s.status?.connectivity.online).toBe(false);
    const before = s.now;
    await vi.advanceTimersByTimeAsync(3000);
    expect(s.now).toBeGreaterThan(before);
    stop();
    expect(push).toBeNull();
  });

  it('says why the status could not be read', async () => {
    const s = new StatusState({
      on: () => () => {},
      getStatus: () => refuse('internal', 'The service stopped.'),
    });
    await s.refresh();
    expect([s.status, s.error]).toEqual([null, 'The service stopped.']);
  });
});
