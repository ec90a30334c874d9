import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckedRow, EntryView, ResultEvent, ResultSetInfo } from '../../../preload/api';
import { ResultsState, UNDO_MS } from './results.svelte';
import { refuse, keptForTest } from './spec-support';

type ResultsApi = ConstructorParameters<typeof ResultsState>[0];
type SetsAnswer = { sets: ResultSetInfo[]; fromCache: boolean; known: boolean };

const event = (setsKnown = true): ResultEvent => ({
  eventId: 5,
  name: 'Virtual 5K',
  elevationRequired: false,
  elevationRequiredBy: null,
  participants: 10,
  setsKnown,
  held: 0,
});
const entry: EntryView = {
  id: 31,
  eventId: 5,
  resultSetId: 900,
  registrationId: 4001,
  bib: 12,
  name: 'Ann Lee',
  clockTime: '0:20:10',
  tallyMode: 'set',
  tally: 3,
  elevationMm: 120000,
  source: 'keyboard',
  device: 'Table 1',
  enteredAt: 0,
  state: 'queued',
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  receipt: null,
  held: false,
  setAside: false,
} as EntryView;
const checked = { line: 1, status: 'valid', name: 'Ann Lee' } as CheckedRow;

/** An api answering like main, recording each call (method and argument). */
function fakeApi(overrides: Partial<ResultsApi> = {}) {
  const calls: Array<[string, unknown]> = [];
  const record =
    <T>(name: string, answer: T) =>
    async (arg?: unknown) => (calls.push([name, arg]), answer);
  const api: ResultsApi = {
    on: () => () => {},
    getResultEvents: record('getResultEvents', [event()]),
    getResultSets: record('getResultSets', {
      sets: [{ resultSetId: 900, name: 'Virtual Results' }],
      fromCache: false,
      known: true,
    }),
    listEntries: record('listEntries', { entries: [entry], total: 1 }),
    setElevationRequired: record('setElevationRequired', [{ ...event(), elevationRequired: true }]),
    sendHeldResults: record('sendHeldResults', { released: 2 }),
    checkRow: record('checkRow', checked),
    commitResults: record('commitResults', { committed: 1, rejected: [] }),
    editEntry: record('editEntry', entry),
    deleteEntry: record('deleteEntry', { ...entry, state: 'deleted' }),
    exportEntries: record('exportEntries', { path: '/x/queue.csv', rows: 7 }),
    resumeSending: record('resumeSending', {} as never),
    ...overrides,
  };
  return { api, calls, names: () => calls.map(([name]) => name) };
}

const kept = () => keptForTest();
const no = () => refuse('invalid-input', 'No.');

/** A Results screen that has loaded the 5K and its one result set. */
async function loaded(overrides: Partial<ResultsApi> = {}, k = kept()) {
  const fake = fakeApi(overrides);
  const results = new ResultsState(fake.api, k);
  await results.loadEvents();
  fake.calls.length = 0;
  return { ...fake, results, kept: k };
}

describe('ResultsState', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the first event, its one result set and its rows', async () => {
    const { results } = await loaded();
    expect([results.eventId, results.resultSetId, results.list.total]).toEqual([5, 900, 1]);
    expect(results.error).toBeNull();
  });

  it('saves rows to the chosen event and result set, and passes on main’s refusal', async () => {
    const { results, calls } = await loaded();
    const saved = await results.commit([{ bib: '12', clockTime: '0:20:10' }], 'paste');
    expect(saved).toEqual({ ok: true, value: { committed: 1, rejected: [] } });
    expect(calls).toEqual([
      [
        'commitResults',
        {
          eventId: 5,
          resultSetId: 900,
          rows: [{ bib: '12', clockTime: '0:20:10' }],
          source: 'paste',
        },
      ],
    ]);
    results.eventId = null;
    const none = await results.commit([{ bib: '12' }], 'keyboard');
    expect(none.ok).toBe(false);
    const { results: refused } = await loaded({ commitResults: no });
    expect(await refused.commit([{ bib: '12' }], 'keyboard')).toEqual({
      ok: false,
      failure: { kind: 'invalid-input', message: 'No.' },
    });
  });

  it('checks a typed row against the chosen event', async () => {
    const { results, calls } = await loaded();
    expect(await results.check({ bib: '12' })).toEqual({ ok: true, value: checked });
    expect(calls).toEqual([['checkRow', { eventId: 5, row: { bib: '12' } }]]);
  });

  it('edits a row and shows the list again', async () => {
    const { results, names } = await loaded();
    expect(await results.edit(entry, { clockTime: '0:21:00' })).toBe(true);
    expect(names()).toEqual(['editEntry', 'listEntries']);
    expect(results.rowProblem).toBeNull();
  });

  it('deletes a row, forgets its "saved" line, and offers undo for a while', async () => {
    vi.useFakeTimers();
    const k = kept();
    k.saved = { registrationId: 4001, text: 'Saved: Ann Lee 0:20:10' };
    const { results, names } = await loaded({}, k);
    await results.remove(entry);
    expect(names()).toEqual(['deleteEntry', 'listEntries']);
    expect(results.deleted).toEqual(entry);
    expect(k.saved).toBeNull();
    vi.advanceTimersByTime(UNDO_MS);
    expect(results.deleted).toBeNull();
  });

  it('keeps a row main refused to delete, and says why on it', async () => {
    const k = kept();
    k.saved = { registrationId: 4001, text: 'Saved: Ann Lee 0:20:10' };
    const { results } = await loaded({ deleteEntry: no }, k);
    await results.remove(entry);
    expect([results.deleted, results.rowProblem]).toEqual([null, { id: 31, text: 'No.' }]);
    expect(k.saved).not.toBeNull();
  });

  it('undoes a delete by saving the row again as it was', async () => {
    const { results, calls } = await loaded();
    await results.remove(entry);
    calls.length = 0;
    await results.undoDelete();
    expect(results.deleted).toBeNull();
    expect(calls[0]).toEqual([
      'commitResults',
      {
        eventId: 5,
        resultSetId: 900,
        rows: [
          {
            registrationId: '4001',
            clockTime: '0:20:10',
            tally: '3',
            elevation: '120000',
            replace: true,
          },
        ],
        source: 'keyboard',
      },
    ]);
  });

  it('exports the view shown and says where', async () => {
    const { results, calls } = await loaded();
    results.setView('history');
    await results.exportView();
    expect(calls.at(-1)).toEqual(['exportEntries', 'history']);
    expect(results.exportMessage).toBe('Saved 7 rows to /x/queue.csv');
  });

  it('tries sending again', async () => {
    const { results, names } = await loaded();
    await results.resume();
    expect([names(), results.error]).toEqual([['resumeSending'], null]);
  });

  it('marks elevation required and sends held rows', async () => {
    const { results, names } = await loaded();
    await results.setElevationRequired(true);
    expect(results.event?.elevationRequired).toBe(true);
    await results.sendHeld(900);
    expect(names()).toEqual([
      'setElevationRequired',
      'sendHeldResults',
      'getResultEvents',
      'listEntries',
    ]);
  });

  type Case = [string, Partial<ResultsApi>, (r: ResultsState) => Promise<unknown>, keyof Shown];
  type Shown = { row: unknown; export: unknown; above: unknown };
  const shown = (r: ResultsState): Shown => ({
    row: r.rowProblem,
    export: r.exportMessage,
    above: r.error,
  });
  const says: Shown = { row: { id: 31, text: 'No.' }, export: 'No.', above: 'No.' };
  it.each<Case>([
    ['loading the events', { getResultEvents: no }, async () => {}, 'above'],
    ['an edit', { editEntry: no }, async (r) => expect(await r.edit(entry, {})).toBe(false), 'row'],
    ['a delete', { deleteEntry: no }, (r) => r.remove(entry), 'row'],
    ['an undo', { commitResults: no }, (r) => r.remove(entry).then(() => r.undoDelete()), 'row'],
    ['an export', { exportEntries: no }, (r) => r.exportView(), 'export'],
    ['sending again', { resumeSending: no }, (r) => r.resume(), 'above'],
    [
      'the elevation mark',
      { setElevationRequired: no },
      (r) => r.setElevationRequired(true),
      'above',
    ],
    ['sending held rows', { sendHeldResults: no }, (r) => r.sendHeld(900), 'above'],
  ])('says why %s failed, where staff look', async (_what, refusing, act, where) => {
    const { results } = await loaded(refusing);
    await act(results);
    expect(shown(results)[where]).toEqual(says[where]);
  });

  it('keeps the set list of the event staff switched to, not a late answer for the last one', async () => {
    const pending = new Map<number, (a: SetsAnswer) => void>();
    const { api } = fakeApi({
      getResultSets: (eventId: number) =>
        new Promise<SetsAnswer>((resolve) => pending.set(eventId, resolve)),
    });
    const results = new ResultsState(api, kept());
    results.eventId = 5;
    const fiveK = results.loadSets();
    const climb = results.chooseEvent(7);
    // The climb's list comes first, the 5K's (asked earlier) after it.
    pending.get(7)!({
      sets: [{ resultSetId: 20657, name: 'Climb' }],
      fromCache: false,
      known: true,
    });
    await new Promise((r) => setTimeout(r, 0));
    pending.get(5)!({ sets: [{ resultSetId: 20656, name: '5K' }], fromCache: false, known: true });
    await Promise.all([fiveK, climb]);
    expect(results.eventId).toBe(7);
    expect(results.sets.map((s) => s.resultSetId)).toEqual([20657]);
    expect(results.resultSetId).toBe(20657);
  });

  it('never lets a late event list replace a newer one (a held banner stuck on "not known")', async () => {
    const answers: Array<(events: ResultEvent[]) => void> = [];
    const { api } = fakeApi({
      getResultEvents: () => new Promise<ResultEvent[]>((resolve) => answers.push(resolve)),
    });
    const results = new ResultsState(api, kept());
    results.eventId = 5;
    const first = results.refreshEvents();
    const second = results.refreshEvents();
    answers[1]!([event(true)]);
    await second;
    answers[0]!([event(false)]);
    await first;
    expect(results.event?.setsKnown).toBe(true);
  });
});
