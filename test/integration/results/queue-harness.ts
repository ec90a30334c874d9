/**
 * A results queue wired for tests: a real SQLite file in a temp dir, the entry store, a real
 * RunSignupClient talking HTTP to a real simulator, a real ConnectivityMonitor, and the
 * flusher with small backoffs. The flusher's waits are recorded; how they pass is chosen:
 * - 'advance': the test clock jumps by the wait at once (backoff without wall time);
 * - 'frozen': a wait never ends by itself, only kick / resume / onOnline end it.
 */
import type { Database } from 'better-sqlite3';
import { ManualClock } from '../../doubles/manual-clock';
import { ConnectivityMonitor } from '../../../main/connectivity';
import { openDatabase } from '../../../main/db/open';
import { MemoryLogger } from '../../doubles/memory-logger';
import type { CommitEntry, CommitMeta } from '../../../main/results/entry-store';
import { EntryQueries } from '../../../main/results/entry-queries';
import { ResultEntryStore } from '../../../main/results/entry-store';
import type { FlushBackoff } from '../../../main/results/flush-policy';
import type { ResultFlusherOptions } from '../../../main/results/flusher';
import { ResultFlusher } from '../../../main/results/flusher';
import { ResultOutbox } from '../../../main/results/outbox';
import { RunSignupClient } from '../../../main/runsignup/client';
import type { RowErrorMode, SimParticipant, Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { afterThis } from '../../support/cleanup';
import { tempFile } from '../../support/temp-dir';

export const V5K = 661704;
export const CLIMB = 661705;

/** Jitter fixed at 0.5: a wait is exactly 3/4 of its backoff step. */
export const TEST_BACKOFF: FlushBackoff = { baseMs: 100, maxMs: 2_000 };

export interface QueueHarness {
  sim: Simulator;
  file: string;
  db: Database;
  clock: ManualClock;
  /** Writes (commit, edit, delete). */
  store: ResultEntryStore;
  /** Reads (lists, counts). */
  entries: EntryQueries;
  /** The flusher's side of the table. */
  outbox: ResultOutbox;
  flusher: ResultFlusher;
  monitor: ConnectivityMonitor;
  logger: MemoryLogger;
  /** Every wait the flusher asked for, in ms. */
  waits: number[];
  /** Participants of the Virtual 5K, by registration id. */
  runners: SimParticipant[];
  /** A new store, queries, outbox and flusher on the same file, as after a restart (the old ones are dropped). */
  restart(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sleep?: 'advance' | 'frozen';
  batchSize?: number;
  rowErrors?: RowErrorMode;
  /** Reuse a simulator (and do not close it). */
  sim?: Simulator;
  /** Called with each wait before it passes (a test may move the clock). */
  onWait?: (ms: number) => void;
  /** The flusher's elevation hooks (the results service wires them to the event rules). */
  elevation?: Pick<ResultFlusherOptions, 'onElevationRequired' | 'requiresElevation'>;
}

export async function startSimulatorForResults(rowErrors?: RowErrorMode): Promise<Simulator> {
  return startSimulator({
    seed: 11,
    ...(rowErrors ? { rowErrors } : {}),
    scenario: {
      participants: 700,
      events: [
        { eventId: V5K, name: 'Virtual 5K', eventType: 'virtual_race', share: 0.85 },
        {
          eventId: CLIMB,
          name: 'Virtual Climb Challenge',
          eventType: 'virtual_challenge',
          allowElevation: true,
          usesTally: true,
          share: 0.15,
          resultSets: ['Climb Challenge Results'],
        },
      ],
    },
  });
}

/**
 * A RunSignupClient for the simulator (a v1 key, no retries of its own) and a started
 * ConnectivityMonitor fed by its outcomes; stop the monitor when done.
 */
export function simulatorConnection(
  sim: Simulator,
  clock: ManualClock,
  logger: MemoryLogger,
): { client: RunSignupClient; monitor: ConnectivityMonitor } {
  const credentials = {
    kind: 'v1' as const,
    apiKey: sim.credentials.v1.apiKey,
    apiSecret: sim.credentials.v1.apiSecret,
  };
  const client = new RunSignupClient({
    baseUrl: sim.url,
    getCredentials: () => credentials,
    clock,
    logger,
    userAgent: 'RaceDayKiosk/0.1.0',
    timeoutMs: 5_000,
    retry: { attempts: 1, baseMs: 10, maxMs: 10 },
    random: () => 0.5,
    // Registered, as the app is, so the harness also holds after RunSignup's 2027-01-01 cut-off.
    getCallerRegistration: () => sim.callerRegistration,
    // The monitor is built next; requests only start once it exists.
    onOutcome: (o) => monitor.report(o),
  });
  const monitor = new ConnectivityMonitor({
    clock,
    probe: () => client.probe(),
    probeIntervalMs: 20,
    maxProbeIntervalMs: 40,
  });
  monitor.start();
  return { client, monitor };
}

/** Rows typed at the keyboard on Table 1, no result set chosen. */
export const keyboard: CommitMeta = { resultSetId: null, device: 'Table 1', source: 'keyboard' };

export async function queueHarness(opts: HarnessOptions = {}): Promise<QueueHarness> {
  const sim = opts.sim ?? (await startSimulatorForResults(opts.rowErrors));
  const file = tempFile('queue', 'kiosk.db');
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  const logger = new MemoryLogger();
  const waits: number[] = [];
  const { client, monitor } = simulatorConnection(sim, clock, logger);

  const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    waits.push(ms);
    opts.onWait?.(ms);
    if (opts.sleep === 'frozen') {
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    }
    return new Promise((resolve) =>
      setImmediate(() => {
        if (!signal.aborted) clock.advance(ms);
        resolve();
      }),
    );
  };

  const build = (db: Database) => {
    const store = new ResultEntryStore(db, sim.raceId, clock);
    const entries = new EntryQueries(db, sim.raceId);
    const outbox = new ResultOutbox(db, sim.raceId);
    const flusher = new ResultFlusher({
      outbox,
      client,
      raceId: sim.raceId,
      clock,
      logger,
      connectivity: monitor,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      backoff: TEST_BACKOFF,
      sleep,
      random: () => 0.5,
      ...opts.elevation,
    });
    return { store, entries, outbox, flusher };
  };

  const h: QueueHarness = {
    sim,
    file,
    db: openDatabase(file).db,
    clock,
    logger,
    waits,
    monitor,
    runners: sim.inspect.participants(V5K),
    store: undefined as unknown as ResultEntryStore,
    entries: undefined as unknown as EntryQueries,
    outbox: undefined as unknown as ResultOutbox,
    flusher: undefined as unknown as ResultFlusher,
    restart() {
      h.db.close();
      h.db = openDatabase(file).db;
      Object.assign(h, build(h.db));
    },
    async close() {
      await h.flusher.stop();
      monitor.stop();
      if (h.db.open) h.db.close();
      if (!opts.sim) await sim.close();
    },
  };
  Object.assign(h, build(h.db));
  afterThis(() => h.close());
  return h;
}

/** The first `n` Virtual 5K runners' results at `clockTime`, committed as typed at the keyboard. */
export function commitTimes(h: QueueHarness, n: number, clockTime: string): void {
  h.store.commit(
    Array.from({ length: n }, (_, i) => resultFor(h, i, clockTime)),
    keyboard,
  );
}

/** Nothing waits to be sent and nothing is being sent. */
export const settled = (h: QueueHarness) => () =>
  h.entries.summary().waiting === 0 && !h.flusher.state().sending;

/** The first `n` Climb runners' results at 01:00:00, each with the tally and elevation `extra(i)` gives. */
export function climbResults(
  h: QueueHarness,
  n: number,
  extra: (i: number) => Pick<CommitEntry, 'tally' | 'elevationMm'>,
): CommitEntry[] {
  return h.sim.inspect
    .participants(CLIMB)
    .slice(0, n)
    .map((p, i) => ({
      eventId: CLIMB,
      registrationId: p.registration_id,
      bib: p.bib_num,
      clockTime: '01:00:00',
      ...extra(i),
    }));
}

/** A Virtual 5K result for runner `i`. */
export function resultFor(h: QueueHarness, i: number, clockTime: string): CommitEntry {
  const p = h.runners[i];
  if (!p) throw new Error(`no runner ${i}`);
  return {
    eventId: V5K,
    registrationId: p.registration_id,
    bib: p.bib_num,
    clockTime,
    tally: undefined,
    elevationMm: null,
    name: `${p.user.first_name} ${p.user.last_name}`,
  };
}

/** Polls until `check` is true (a guard against hanging, never a timing assertion). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What the simulator holds for an event: registration → clock time. */
export function storedTimes(sim: Simulator, eventId: number): Map<number, string> {
  return new Map(sim.inspect.results(eventId).map((r) => [r.registration_id, r.clock_time]));
}

/** The user-results POSTs the simulator saw, with the status and fault of each. */
export function resultPosts(sim: Simulator) {
  return sim.inspect.requests().filter((r) => r.method === 'POST' && /user-results$/.test(r.path));
}
