import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../preload/api';
import { PinGateState } from './pin-gate.svelte';
import { refuse } from './spec-support';

describe('PinGateState', () => {
  it('types the longest PIN (12 digits) on the pad, no more, and takes the last one back', () => {
    const g = new PinGateState(
      { unlockSettings: async () => ({}) as AppStatus },
      {
        refresh: async () => {},
      },
    );
    for (const d of '12345678901234') g.tap(d);
    expect(g.pin).toBe('123456789012');
    g.back();
    expect(g.pin).toBe('12345678901');
  });

  it('opens Settings with the right PIN, and reads the status either way', async () => {
    const asked: string[] = [];
    let refreshed = 0;
    const g = new PinGateState(
      {
        unlockSettings: async ({ pin }) => {
          asked.push(pin);
          if (pin === '123456') return {} as AppStatus;
          return refuse('locked', 'Wrong PIN. 4 tries left.');
        },
      },
      { refresh: async () => void refreshed++ },
    );
    g.pin = '111111';
    expect(await g.unlock()).toBe(false);
    expect([g.error, g.pin, refreshed]).toEqual(['Wrong PIN. 4 tries left.', '', 1]);
    g.pin = '123456';
    expect(await g.unlock()).toBe(true);
    expect([g.error, refreshed, asked]).toEqual([null, 2, ['111111', '123456']]);
  });
});
