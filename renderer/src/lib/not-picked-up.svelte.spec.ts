import { describe, expect, it } from 'vitest';
import type { PersonHit } from '../../../preload/api';
import { failureError } from '../../../preload/failure';
import { NotPickedUpState } from './not-picked-up.svelte';

const runner = { registrationId: 1, bib: 12, name: 'Ann Lee' } as PersonHit;

describe('NotPickedUpState', () => {
  it('lists an event’s runners, exports them and says where they went', async () => {
    const n = new NotPickedUpState({
      notPickedUp: async () => [runner],
      exportNotPickedUp: async () => ({ path: '/x/not-picked-up.csv', rows: 1 }),
    });
    await n.show(5);
    expect([n.eventId, n.runners]).toEqual([5, [runner]]);
    await n.export();
    expect(n.exportMessage).toBe('Saved 1 runners to /x/not-picked-up.csv');
    n.close();
    expect(n.eventId).toBeNull();
  });

  it('shows an export failure in main’s words', async () => {
    const n = new NotPickedUpState({
      notPickedUp: async () => [],
      exportNotPickedUp: () =>
        Promise.reject(failureError({ kind: 'invalid-input', message: 'Export cancelled.' })),
    });
    await n.show(5);
    await n.export();
    expect(n.exportMessage).toBe('Export cancelled.');
  });
});
