/**
 * The first roster load reads the removals beside the pages, from the start (roster-sync.ts),
 * and applies them only once every page is stored. Real HTTP to the simulator, a real SQLite
 * file; a hook in the client's fetch acts on the simulator between calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RosterProgress } from '../../../preload/api';
import { SyncState } from '../../../main/db/sync-state';
import { RosterStore } from '../../../main/roster/roster-store';
import { RosterSync } from '../../../main/roster/roster-sync';
import type { RosterSyncOptions } from '../../../main/roster/roster-sync';
import { isApiError } from '../../../main/runsignup/errors';
import type { SimParticipant, Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { ManualClock } from '../../doubles/manual-clock';
import { tempDatabase } from '../../support/temp-database';
import { until } from '../../support/until';
import type { SimClient } from '../runsignup/sim-client';
import { simClient } from '../runsignup/sim-client';

const EVENT = 661701;
/** One event of 6,000 runners: pages of 2,500, 2,500 and 1,000. */
const RUNNERS = 6_000;

type Call = { what: 'removals' | 'page' | 'other'; page: number; status?: number };

function kindOf(url: URL): Call {
  const page = Number(url.searchParams.get('page') ?? 0);
  if (/\/removed-participants$/.test(url.pathname)) return { what: 'removals', page };
  if (/\/race\/\d+\/participants$/.test(url.pathname)) return { what: 'page', page };
  return { what: 'other', page };
}

let clock: ManualClock;
let sim: Simulator;
let api: SimClient;
/** Calls in the order they went out, each with its status once answered. */
let calls: Call[];
/** Runs inside the call's slot, before it goes out (it may wait). */
let before: (call: Call) => Promise<void> | void;
/** Runs inside the call's slot once RunSignup has answered it (the answer is made). */
let after: (call: Call) => Promise<void> | void;
let progress: RosterProgress[];
let changed: number[];
let store: RosterStore;
let sync: SyncState;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({
    seed: 31,
    clock,
    scenario: {
      participants: RUNNERS,
      events: [{ eventId: EVENT, name: '10K', eventType: 'running_race' }],
    },
  });
  calls = [];
  before = () => undefined;
  after = () => undefined;
  progress = [];
  changed = [];
  const hooked: typeof fetch = async (input, init) => {
    const call = kindOf(new URL(String(input)));
    calls.push(call);
    await before(call);
    const response = await fetch(input, init);
    call.status = response.status;
    await after(call);
    return response;
  };
  api = simClient(sim, { kind: 'v2', ...sim.credentials.v2 }, { fetch: hooked, clock });
  const db = tempDatabase('first-load');
  store = new RosterStore(db, sim.raceId);
  sync = new SyncState(db, sim.raceId);
});

afterEach(async () => {
  await sim.close();
});

function rosterSync(opts: Partial<RosterSyncOptions> = {}): RosterSync {
  return new RosterSync({
    client: api.client,
    raceId: sim.raceId,
    store,
    sync,
    clock,
    logger: api.logger,
    isOnline: () => true,
    onProgress: (p) => progress.push(p),
    onChange: (ids) => changed.push(...ids),
    ...opts,
  });
}

const runners = (): SimParticipant[] => sim.inspect.participants(EVENT);
/** Calls of this kind (by path) that the client gave up on after its last attempt. */
const gaveUp = (path: RegExp) =>
  api.logger.lines.filter(
    (l) => l.level === 'warn' && path.test(l.msg) && l.fields?.['retryInMs'] === null,
  ).length;

describe('the first roster load', () => {
  it('asks for the removals first and applies them after the last page: a registration they list is not on the roster, even when a page still lists it', async () => {
    // RunSignup's answers are not one snapshot: the removals (read first) already list a
    // registration that the last page, read later, still carries.
    const gone = runners().at(-1)!;
    await sim.faults.set(
      {
        type: 'rewrite',
        rewrite: (json) => {
          const groups = json as Array<{ event: { participants: unknown[] } }>;
          groups[0]!.event.participants.push({
            registration_id: gone.registration_id,
            bib_num: gone.bib_num,
            removed_reason: 'removed',
            new_registration_id: null,
            last_modified_ts: Math.floor(clock.now() / 1000),
          });
          return groups;
        },
      },
      { path: /\/removed-participants$/, count: 1 },
    );
    const job = rosterSync({
      // A failure of what comes with the roster stays a warning.
      withRoster: () => Promise.reject(new Error('result sets are down')),
    });
    await job.firstLoad();

    expect(calls.filter((c) => c.what !== 'other').slice(0, 2)).toEqual([
      { what: 'removals', page: 1, status: 200 },
      { what: 'page', page: 1, status: 200 },
    ]);
    expect(calls.filter((c) => c.what === 'page').map((c) => c.page)).toEqual([1, 2, 3, 4]);
    expect(store.byRegistration(gone.registration_id)).toBeNull();
    expect(store.isRemoved(gone.registration_id)).toBe(true);
    expect(store.count()).toBe(RUNNERS - 1);
    expect(job.loaded).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', pagesDone: 3 });
    expect(api.logger.text()).toMatch(/result sets not downloaded with the roster/);
  });

  it('leaves a registration removed while the load is under way to the next incremental update, which catches it', async () => {
    const startedS = Math.floor(clock.now() / 1000);
    // On the last page: its removal shifts no page still to come (see walkPages).
    const gone = runners().at(-1)!;
    // Removed once its page is in and the removals have been read.
    after = async (call) => {
      if (call.what !== 'page' || call.page !== 3) return;
      await until(
        async () => calls.find((c) => c.what === 'removals')?.status,
        (status) => status === 200,
        'the removals answered',
      );
      clock.advance(10_000);
      sim.control.removeParticipant(gone.registration_id, 'removed');
      // The load goes on for longer than the incremental update's overlap (5 minutes).
      clock.advance(10 * 60_000);
    };
    const job = rosterSync();
    await job.firstLoad();
    expect(job.loaded).toBe(true);
    // Too late for the removals this load read: still on the roster…
    expect(store.byRegistration(gone.registration_id)).not.toBeNull();
    expect(sim.inspect.removed().map((r) => r.last_modified_ts)).toEqual([startedS + 10]);

    after = () => undefined;
    clock.advance(60_000);
    await job.syncNow();
    // …and gone after the next update, which reads from the load's start.
    expect(store.byRegistration(gone.registration_id)).toBeNull();
    expect(store.isRemoved(gone.registration_id)).toBe(true);
    expect(changed).toContain(gone.registration_id);
    expect(store.count()).toBe(RUNNERS - 1);
  });

  it('fails, not marked loaded, when the removals call fails (while the pages are still coming), and loads on the next try', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await sim.faults.set({ type: 'http5xx', status: 502 }, { path: /\/removed-participants$/ });
      // The last page waits until the removals have failed for good (after 3 attempts).
      before = async (call) => {
        if (call.what !== 'page' || call.page !== 3) return;
        await until(
          async () => gaveUp(/\/removed-participants failed/),
          (n) => n === 1,
          'the removals to fail',
        );
      };
      const job = rosterSync();
      await job.syncNow();
      expect(job.loaded).toBe(false);
      expect(sync.get('roster.modifiedAfter')).toBeNull();
      expect(progress.at(-1)).toMatchObject({ phase: 'failed' });
      expect(progress.at(-1)!.message).toMatch(/502/);
      // Every page came in: the removals failed beside them, not instead of them.
      expect(calls.filter((c) => c.what === 'page').map((c) => c.page)).toEqual([1, 2, 3, 4]);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);

      before = () => undefined;
      await sim.faults.clear();
      await job.syncNow();
      expect(job.loaded).toBe(true);
      expect(store.count()).toBe(RUNNERS);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('fails with the page that failed, once the removals call beside it has finished', async () => {
    await sim.faults.set({ type: 'http5xx', status: 502 }, { path: /\/race\/\d+\/participants$/ });
    // The removals go out only after pages 1 and 2 have failed for good (3 attempts each).
    before = async (call) => {
      if (call.what !== 'removals') return;
      await until(
        async () => gaveUp(/\/race\/\d+\/participants failed/),
        (n) => n === 2,
        'the first pages to fail',
      );
    };
    const job = rosterSync();
    const failure = await job.firstLoad().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isApiError(failure) && failure.details.endpoint).toMatch(/\/participants$/);
    // The load did not end before the call it started beside the pages.
    expect(calls.find((c) => c.what === 'removals')?.status).toBe(200);
    expect(job.loaded).toBe(false);
  });
});
