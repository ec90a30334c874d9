import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LookupResult } from '../../../preload/api';
import { LookupState } from './lookup.svelte';

const answer = (query: string): LookupResult => ({
  query,
  matchedBy: null,
  hits: [],
  unknownCheckin: null,
  matches: 0,
});

describe('LookupState', () => {
  afterEach(() => vi.useRealTimers());

  it('searches a name after a pause, and waits for Enter on digits', async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const l = new LookupState({ search: async (q) => (asked.push(q), answer(q)) });
    l.query = 'Jane';
    l.typed();
    l.query = '1234';
    l.typed();
    await vi.advanceTimersByTimeAsync(500);
    expect(asked).toEqual([]);
    l.query = 'Jane';
    l.typed();
    await vi.advanceTimersByTimeAsync(500);
    expect(asked).toEqual(['Jane']);
    l.query = '1234';
    await l.submit(null);
    expect(asked).toEqual(['Jane', '1234']);
    expect(l.query).toBe('');
    expect(l.result?.query).toBe('1234');
  });

  it('shows only the newest answer, and a scan wins over what was typed', async () => {
    const pending: Array<() => void> = [];
    const l = new LookupState({
      search: (q) => new Promise((resolve) => pending.push(() => resolve(answer(q)))),
    });
    l.query = 'Smi';
    const slow = l.search('Smi');
    const scan = l.submit('4321');
    pending[1]!();
    await scan;
    pending[0]!();
    await slow;
    expect(l.result?.query).toBe('4321');
  });

  it('says why a search failed, and Escape clears everything', async () => {
    const l = new LookupState({ search: () => Promise.reject(new Error('offline')) });
    await l.search('x');
    expect(l.error).toBe('offline');
    l.clear();
    expect([l.query, l.result, l.error]).toEqual(['', null, null]);
  });
});
