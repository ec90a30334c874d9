import { describe, expect, it } from 'vitest';
import type { PublicSettings } from '../../../preload/api';
import { UpdatesState } from './updates.svelte';
import { refuse } from './spec-support';

describe('UpdatesState', () => {
  it('saves a switch and answers the settings main now has', async () => {
    const asked: object[] = [];
    const u = new UpdatesState({
      updateSettings: async (patch) => (
        asked.push(patch),
        { autoUpdate: false, updateDuringRaceDay: false } as PublicSettings
      ),
    });
    const next = await u.save({ autoUpdate: false });
    expect(asked).toEqual([{ autoUpdate: false }]);
    expect(next?.autoUpdate).toBe(false);
    expect(u.message).toEqual({ ok: true, text: 'Saved.' });
  });

  it('answers null and says why when main refuses', async () => {
    const u = new UpdatesState({
      updateSettings: () => refuse('invalid-input', 'Not now.'),
    });
    expect(await u.save({ updateDuringRaceDay: true })).toBeNull();
    expect(u.message).toEqual({ ok: false, text: 'Not now.' });
  });
});
