import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { EMPTY_CHECKIN_STATS } from '../../preload/api';
import { ConnectivityMonitor } from '../connectivity';
import { openDatabase } from '../db/open';
import { AppError } from '../app-error';
import { RaceSession } from '../race-session';
import type { ResultsService } from '../results/results-service';
import type { Credentials } from '../runsignup/credentials';
import { secretValues } from '../runsignup/credentials';
import { baseUrlProblem } from '../runsignup/base-url';
import type { RunSignupClient } from '../runsignup/client';
import { UnreadableRowTally } from '../runsignup/row-reading';
import { MISSING_CREDENTIALS } from '../secrets';
import { DEFAULT_BASE_URL } from '../settings';
import type { Simulator } from '../simulator/index';
import { startSimulator } from '../simulator/index';
import type { AppContext } from './context';

/** What runs for the current mode and race; rebuilt when either changes. */
export interface Runtime {
  practice: boolean;
  db: Database;
  notice: string | null;
  /** The race's credentials cannot be used (unreadable, or forgotten with the old address). */
  credentialsNotice: string | null;
  client: RunSignupClient;
  connectivity: ConnectivityMonitor;
  session: RaceSession | null;
  sim: Simulator | null;
  outage: boolean;
  /** Rows RunSignup sent for this race that could not be read (skipped). */
  unreadable: UnreadableRowTally;
  dispose: () => void;
}

/** What a runtime tells the rest of the kiosk. */
export interface RuntimeSignals {
  statusChanged(): void;
  resultsChanged(): void;
}

export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** The practice race: a fresh simulator every start; nothing from it is ever sent to RunSignup. */
async function startPracticeRace(ctx: AppContext): Promise<Simulator> {
  const practice = ctx.deps.practice;
  const sim = await startSimulator({
    seed: practice?.seed ?? 2026,
    clock: ctx.clock,
    // As untidy as the real thing: keys left out, last year's events (with reused bibs).
    omitOptionalKeys: true,
    link: practice?.link,
    scenario: {
      participants: practice?.participants ?? 800,
      checkedInFraction: 0.25,
      startsInMinutes: 60,
      pastYears: 1,
    },
  });
  sim.control.startLive({ checkinsPerMinute: practice?.checkinsPerMinute ?? 40, clock: ctx.clock });
  return sim;
}

async function buildRuntime(ctx: AppContext, signals: RuntimeSignals): Promise<Runtime> {
  const { deps, logger, clock, registry } = ctx;
  const s = deps.settings.get();
  const stored = deps.secrets.load();
  const practice = s.practice || s.raceId === null;
  // A race whose credentials cannot be used (unreadable, or forgotten when the RunSignup
  // address changed) stays: its results stay counted and its queue waits for the credentials.
  const credentialsNotice =
    practice || stored ? null : (deps.secrets.unreadable?.() ?? MISSING_CREDENTIALS);
  let sim: Simulator | null = null;
  let baseUrl = s.baseUrl;
  if (baseUrlProblem(baseUrl, deps.trustedBaseUrls) !== null) {
    // A settings file from elsewhere: the credentials only ever go to RunSignup.
    logger.warn('stored RunSignup address not allowed; using the default', { baseUrl });
    deps.settings.update({ baseUrl: DEFAULT_BASE_URL });
    baseUrl = DEFAULT_BASE_URL;
  }
  let credentials: () => Credentials | null = () => deps.secrets.load();
  let caller = ctx.callerRegistration;
  let raceId = s.raceId;
  const dbFile = path.join(deps.dataDir, practice ? 'practice.db' : 'kiosk.db');
  if (practice) {
    sim = await startPracticeRace(ctx);
    const practiceCredentials: Credentials = { kind: 'v2', ...sim.credentials.v2 };
    registry.add(...secretValues(practiceCredentials));
    baseUrl = sim.url;
    credentials = () => practiceCredentials;
    const practiceCaller = sim.callerRegistration;
    registry.add(practiceCaller.secret);
    caller = () => practiceCaller;
    raceId = sim.raceId;
    removeDatabase(dbFile);
  }
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(dbFile, clock.now());
  } catch (e) {
    sim?.control.stopLive();
    await sim?.close();
    throw e;
  }
  const { db, notice } = opened;
  if (notice) logger.warn(notice);
  if (credentialsNotice) logger.warn(credentialsNotice);
  let connectivity: ConnectivityMonitor | null = null;
  const unreadable = new UnreadableRowTally();
  const client = ctx.newClient({
    baseUrl,
    credentials,
    callerRegistration: caller,
    onOutcome: (o) => connectivity?.report(o),
    onUnreadableRows: (rows) => {
      if (unreadable.add(rows)) signals.statusChanged();
    },
  });
  connectivity = new ConnectivityMonitor({
    clock,
    logger,
    probe: () => client.probe(),
    probeIntervalMs: deps.timings?.probeIntervalMs,
  });
  const session =
    raceId === null
      ? null
      : new RaceSession({
          db,
          raceId,
          client,
          clock,
          logger,
          isOnline: () => connectivity.state().online,
          pollIntervalMs: () => deps.settings.get().pollIntervalSec * 1000,
          eventIds: () => deps.settings.get().eventIds,
          emitFeed: (delta) => ctx.hub.emit('checkins', delta),
          statusChanged: signals.statusChanged,
          connectivity,
          deviceName: () => deps.settings.get().deviceName,
          resultsChanged: signals.resultsChanged,
          timings: deps.timings,
        });
  if (session && credentialsNotice) session.results.pause(credentialsNotice);
  const offState = connectivity.subscribe(signals.statusChanged);
  const offOnline = connectivity.onOnline(() => session?.reconnected());
  return {
    practice,
    db,
    notice,
    credentialsNotice,
    client,
    connectivity,
    session,
    sim,
    outage: false,
    unreadable,
    dispose: () => {
      offState();
      offOnline();
    },
  };
}

async function stopRuntime(rt: Runtime): Promise<void> {
  rt.dispose();
  rt.connectivity.stop();
  await rt.session?.stop();
  rt.sim?.control.stopLive();
  await rt.sim?.close();
  rt.db.close();
}

/**
 * The runtime for the current mode and race, and switching it: one switch at a time, in the
 * order asked; a failed switch does not block the next.
 */
export class RuntimeSwitch {
  private runtime: Runtime | null = null;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly signals: RuntimeSignals,
  ) {}

  /** The runtime, or null while none runs (starting, or between two). */
  get(): Runtime | null {
    return this.runtime;
  }

  current(): Runtime {
    if (!this.runtime)
      throw new AppError('not-ready', 'The kiosk is still starting; try again in a moment.');
    return this.runtime;
  }

  session(): RaceSession | null {
    return this.current().session;
  }

  /** The connected race's results service. */
  results(): ResultsService {
    const s = this.session();
    if (!s) throw new AppError('not-ready', 'No race is connected.');
    return s.results;
  }

  /** Results not yet confirmed by RunSignup (queued, sending or waiting for a fix). */
  unsent(): number {
    return this.runtime?.session?.results.unsent() ?? 0;
  }

  /** Runs `fn` after every switch queued before it; a failed switch does not block the next. */
  serially<T>(fn: () => Promise<T>): Promise<T> {
    const work = this.switching.then(fn);
    this.switching = work.then(
      () => undefined,
      () => undefined,
    );
    return work;
  }

  /** Stops what runs and starts it again for the current settings (one switch at a time). */
  rebuild(): Promise<void> {
    return this.serially(async () => {
      await this.stopNow();
      await this.startNow();
    });
  }

  /** Waits for the switches asked for, then stops what runs. */
  async stop(): Promise<void> {
    await this.switching;
    await this.stopNow();
  }

  /** Stops what runs; only inside `serially`. */
  async stopNow(): Promise<void> {
    if (this.runtime) await stopRuntime(this.runtime);
    this.runtime = null;
  }

  /** Starts a runtime for the current settings; only inside `serially`. */
  async startNow(): Promise<void> {
    this.runtime = await buildRuntime(this.ctx, this.signals);
    this.runtime.connectivity.start();
    this.runtime.session?.start();
    this.signals.statusChanged();
    this.emitFeedReset();
  }

  /** Every screen's feed starts again from the session's (after a switch or an event choice). */
  emitFeedReset(): void {
    const feed = this.runtime?.session?.feed() ?? { rows: [], stats: EMPTY_CHECKIN_STATS };
    this.ctx.hub.emit('checkins', { reset: true, rows: feed.rows, removed: [], stats: feed.stats });
  }

  /** The practice race's outage switch: RunSignup refuses every call while it is on. */
  async setOutage(on: boolean): Promise<void> {
    const rt = this.current();
    if (!rt.sim)
      throw new AppError('invalid-input', 'The outage switch only exists in practice mode.');
    if (on) await rt.sim.faults.set({ type: 'refused' });
    else await rt.sim.faults.clear();
    rt.outage = on;
    if (!on)
      void rt.client.probe().then(
        () => rt.connectivity.report({ ok: true }),
        () => undefined,
      );
    this.signals.statusChanged();
  }
}
