import { expect, it } from 'vitest';
import type { Api, ResultEvent, ResultSetInfo } from '../../../preload/api';
import { ResultsState } from '../../../renderer/src/lib/results.svelte';

type SetsAnswer = { sets: ResultSetInfo[]; fromCache: boolean; known: boolean };

it('keeps the set list of the event staff switched to, not a late answer for the last one', async () => {
  const pending = new Map<number, (a: SetsAnswer) => void>();
  const api = {
    getResultSets: (eventId: number) =>
      new Promise<SetsAnswer>((resolve) => pending.set(eventId, resolve)),
    listEntries: async () => ({ entries: [], total: 0 }),
  } as unknown as Api;
  const results = new ResultsState(api);
  results.eventId = 5;
  const fiveK = results.loadSets();
  const climb = results.chooseEvent(7);
  // The climb's list comes first, the 5K's (asked earlier) after it.
  pending.get(7)!({ sets: [{ resultSetId: 20657, name: 'Climb' }], fromCache: false, known: true });
  await new Promise((r) => setTimeout(r, 0));
  pending.get(5)!({ sets: [{ resultSetId: 20656, name: '5K' }], fromCache: false, known: true });
  await Promise.all([fiveK, climb]);
  expect(results.eventId).toBe(7);
  expect(results.sets.map((s) => s.resultSetId)).toEqual([20657]);
  expect(results.resultSetId).toBe(20657);
});

it('never lets a late event list replace a newer one (a held banner stuck on "not known")', async () => {
  const answers: Array<(events: ResultEvent[]) => void> = [];
  const api = {
    getResultEvents: () => new Promise<ResultEvent[]>((resolve) => answers.push(resolve)),
    getResultSets: async () => ({ sets: [], fromCache: false, known: true }),
    listEntries: async () => ({ entries: [], total: 0 }),
  } as unknown as Api;
  const results = new ResultsState(api);
  results.eventId = 5;
  const event = (setsKnown: boolean): ResultEvent[] => [
    {
      eventId: 5,
      name: 'Virtual 5K',
      elevationRequired: false,
      elevationRequiredBy: null,
      participants: 10,
      setsKnown,
      held: 1,
    },
  ];
  const first = results.refreshEvents();
  const second = results.refreshEvents();
  answers[1]!(event(true));
  await second;
  answers[0]!(event(false));
  await first;
  expect(results.event?.setsKnown).toBe(true);
});
