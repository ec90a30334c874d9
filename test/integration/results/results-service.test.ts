/**
 * The results service through its public surface, on a real SQLite file with the roster loaded
 * over real HTTP from the simulator: rows committed, counted as unsent until RunSignup confirms
 * them, paused and resumed, and exported (docs/ARCHITECTURE.md "Rules for the queue").
 */
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { ConnectivityMonitor } from '../../../main/connectivity';
import { MemoryLogger } from '../../doubles/memory-logger';
import { SyncState } from '../../../main/db/sync-state';
import { RosterStore } from '../../../main/roster/roster-store';
import { RosterSync } from '../../../main/roster/roster-sync';
import { ResultsService } from '../../../main/results/results-service';
import type { SimParticipant, Simulator } from '../../../main/simulator/index';
import {
  CLIMB,
  resultPosts,
  simulatorConnection,
  startSimulatorForResults,
  storedTimes,
  TEST_BACKOFF,
  until,
  V5K,
} from './queue-harness';
import { tempDatabase } from '../../support/temp-database';

let sim: Simulator;
let db: Database;
let monitor: ConnectivityMonitor;
let service: ResultsService;
let runners: SimParticipant[];
/** How often the service said its rows changed. */
let changes = 0;

beforeEach(async () => {
  sim = await startSimulatorForResults();
  db = tempDatabase('results-service');
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  const logger = new MemoryLogger();
  const connection = simulatorConnection(sim, clock, logger);
  monitor = connection.monitor;
  const roster = new RosterStore(db, sim.raceId);
  await new RosterSync({
    client: connection.client,
    raceId: sim.raceId,
    store: roster,
    sync: new SyncState(db, sim.raceId),
    clock,
    logger,
    isOnline: () => true,
    onProgress: () => undefined,
    onChange: () => undefined,
  }).firstLoad();
  runners = sim.inspect.participants(V5K).filter((p) => p.bib_num !== null);
  changes = 0;
  service = new ResultsService({
    db,
    raceId: sim.raceId,
    roster,
    client: connection.client,
    clock,
    logger,
    connectivity: monitor,
    deviceName: () => 'Table 1',
    changed: () => (changes += 1),
    backoff: TEST_BACKOFF,
  });
  // With the roster, as the race session does: the events' result sets are known.
  await service.downloadResultSets();
  service.start();
});
afterEach(async () => {
  await service.stop();
  monitor.stop();
  await sim.close();
});

/** Typed rows for the first `n` Virtual 5K runners (by bib). */
function typed(n: number, from = 0) {
  return runners.slice(from, from + n).map((p, i) => ({
    bib: String(p.bib_num),
    clockTime: `00:2${i}:0${i}`,
  }));
}

/** A macrotask: a flusher that is not paused has taken the batch by then. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the results service', () => {
  it('counts committed rows as unsent until RunSignup confirms them, then exports them as history', async () => {
    const outcome = service.commitRows(V5K, null, typed(3), 'keyboard');
    expect(outcome).toEqual({ committed: 3, rejected: [] });
    expect(service.unsent()).toBe(3);
    expect(service.export('queue').rows).toHaveLength(3);

    await until(() => service.unsent() === 0, 'the three rows sent');
    expect(storedTimes(sim, V5K).size).toBe(3);
    expect(service.summary()).toMatchObject({ waiting: 0, sent: 3, needsFix: 0 });
    expect(service.export('queue').rows).toEqual([]);
    const history = service.export('history');
    expect(history.rows).toHaveLength(3);
    const receipt = history.header.indexOf('Receipt');
    expect(history.rows.map((r) => r[receipt])).toEqual(['read', 'read', 'read']);
    expect(changes).toBeGreaterThan(0);
  });

  it('keeps every row while paused, says why, and sends them all on resume', async () => {
    service.pause('RunSignup rejected the API key.');
    service.commitRows(V5K, null, typed(4), 'paste');
    await turn();
    expect(service.summary()).toMatchObject({
      pausedReason: 'RunSignup rejected the API key.',
      waiting: 4,
      sending: 0,
    });
    expect(resultPosts(sim)).toHaveLength(0);
    const queue = service.export('queue');
    const state = queue.header.indexOf('State');
    expect(queue.rows.map((r) => r[state])).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(service.unsent()).toBe(4);

    service.resume();
    expect(service.summary().pausedReason).toBeNull();
    await until(() => service.unsent() === 0, 'the paused rows sent after resume');
    expect(storedTimes(sim, V5K).size).toBe(4);
  });

  it('counts a row RunSignup refused (needs a fix) as unsent, and exports it with the reason', async () => {
    // The Climb requires elevation on RunSignup's side; nothing tells the kiosk beforehand.
    const climber = sim.inspect.participants(CLIMB).find((p) => p.bib_num !== null);
    if (!climber) throw new Error('no Climb runner with a bib');
    service.commitRows(
      CLIMB,
      null,
      [{ bib: String(climber.bib_num), clockTime: '01:00:00' }],
      'keyboard',
    );
    await until(() => service.summary().needsFix === 1, 'the refused row parked');
    expect(service.unsent()).toBe(1);
    const queue = service.export('queue');
    const [row] = queue.rows;
    expect(row?.[queue.header.indexOf('State')]).toBe('needs_fix');
    expect(String(row?.[queue.header.indexOf('Last error')])).toMatch(/elevation/);
    expect(service.export('history').rows).toEqual([]);
  });

  it("tells the screen when the Results screen's own request is the first to learn an event's sets", async () => {
    // As if the roster sync's download had not got through yet: the list is not known.
    db.prepare('DELETE FROM result_set_lists').run();
    expect(service.events().find((e) => e.eventId === V5K)?.setsKnown).toBe(false);
    changes = 0;
    const answer = await service.resultSets(V5K);
    expect(answer.known).toBe(true);
    expect(changes).toBe(1);
    // Asking again teaches nothing new: no change to read.
    await service.resultSets(V5K);
    expect(changes).toBe(1);
  });
});
