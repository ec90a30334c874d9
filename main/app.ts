import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { EMPTY_CHECKIN_STATS, EMPTY_QUEUE } from '../preload/api';
import type {
  AppStatus,
  ApiRequests,
  ExportResult,
  FeedSnapshot,
  PublicSettings,
  QueueSummary,
  RaceSummary,
  SettingsPatch,
  Unsubscribe,
} from '../preload/api';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { ConnectivityMonitor } from './connectivity';
import { openDatabase } from './db/open';
import type { EventListener } from './events';
import { EventHub } from './events';
import type { ExportSink } from './exports';
import { exportStamp, folderExportSink } from './exports';
import { KioskError } from './kiosk-error';
import { KioskLock } from './kiosk/kiosk-lock';
import type { Logger } from './logging';
import { silentLogger } from './logging';
import type { SessionTimings } from './race-session';
import { RaceSession } from './race-session';
import { defaultEventIds } from './roster/event-days';
import { SecretRegistry } from './redact';
import { MAX_IMPORT_CHARS, exportCsv } from './results/import';
import { baseUrlProblem, credentialOrigin } from './runsignup/base-url';
import { CallLimiter } from './runsignup/call-limiter';
import type { CallerRegistration } from './runsignup/caller-registration';
import { RunSignupClient } from './runsignup/client';
import type { UnreadableRow } from './runsignup/row-reading';
import { UnreadableRowTally } from './runsignup/row-reading';
import type { Credentials } from './runsignup/credentials';
import { secretValues } from './runsignup/credentials';
import type { Race } from './runsignup/types';
import type { SecretStore } from './secrets';
import { MISSING_CREDENTIALS } from './secrets';
import type { Settings, SettingsStore } from './settings';
import { DEFAULT_BASE_URL, defaultSettings } from './settings';
import { ResultEntryStore, unsentByRace } from './results/entry-store';
import type { Simulator } from './simulator/index';
import { startSimulator } from './simulator/index';

/** Everything the kiosk needs from outside, passed in (docs/ARCHITECTURE.md "Conventions"). */
export interface KioskDeps {
  /** Folder for the databases, logs and exports. */
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  version: string;
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
  /** Secret values to redact everywhere (the logger shares it). */
  secretRegistry?: SecretRegistry;
  /** Where CSV exports go (default: <dataDir>/exports). */
  exports?: ExportSink;
  /**
   * Where CSV exports go in kiosk mode: a fixed folder, never a save dialog (an OS file dialog
   * is a way out of a kiosk). Default: `exports`.
   */
  kioskExports?: ExportSink;
  /** The folder `listImportFiles` / `readImportFile` read (default: <dataDir>/imports). */
  importDir?: string;
  /** The practice race (tests make it smaller or livelier). */
  practice?: { seed?: number; participants?: number; checkinsPerMinute?: number };
  /**
   * RunSignup addresses trusted besides RunSignup's own https hosts: the web host's
   * `--base-url` and the test harness's simulators. The Electron app never sets it.
   */
  trustedBaseUrls?: readonly string[];
  /** `--kiosk` on the command line: kiosk mode for this run. */
  forceKiosk?: boolean;
  /** Loop timings (tests shorten them). */
  timings?: SessionTimings & { probeIntervalMs?: number; requestTimeoutMs?: number };
  /**
   * The API caller registration baked in when the installers were built (README "Installers"),
   * used while none is stored in Settings.
   */
  builtInCallerRegistration?: CallerRegistration | null;
}

export interface Kiosk {
  api: ApiRequests;
  /** Results not yet confirmed by RunSignup (the shell asks before quitting). */
  unsentResults(): number;
  /** Kiosk mode on, and Settings locked (then the window may not close until the PIN is entered). */
  kioskState(): { enabled: boolean; locked: boolean };
  subscribe(listener: EventListener): Unsubscribe;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What runs for the current mode and race; rebuilt when either changes. */
interface Runtime {
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

/** A race as RunSignup just answered it; before any choice, the default events are chosen. */
function raceSummaryOf(race: Race, nowMs: number): RaceSummary {
  const defaults = defaultEventIds(race.events, nowMs);
  return {
    raceId: race.raceId,
    name: race.name,
    events: race.events.map((e) => ({
      eventId: e.eventId,
      name: e.name,
      isVirtual: e.isVirtual,
      participants: 0,
      startTime: e.startTime?.local ?? null,
    })),
    chosenEventIds: defaults,
    defaultEventIds: defaults,
  };
}

/** CSV-like files directly in `dir` (none when it does not exist), by name. */
function importFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && /\.(csv|tsv|txt)$/i.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/**
 * The one factory: the Electron shell, the web host and the tests all build the app here.
 * It owns every RunSignup call (through the client), the SQLite database and the loops.
 */
export function createKiosk(deps: KioskDeps): Kiosk {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const registry = deps.secretRegistry ?? new SecretRegistry();
  const exportsSink = deps.exports ?? folderExportSink(path.join(deps.dataDir, 'exports'));
  const userAgent = `RaceDayKiosk/${deps.version}`;
  const hub = new EventHub();
  const lock = new KioskLock(deps.settings, clock, deps.forceKiosk ?? false);
  const importDir = deps.importDir ?? path.join(deps.dataDir, 'imports');
  const exportSink = (): ExportSink =>
    lock.enabled ? (deps.kioskExports ?? exportsSink) : exportsSink;
  let runtime: Runtime | null = null;
  let switching: Promise<void> = Promise.resolve();
  /** Races RunSignup confirmed through `connect`, by id (their names label the kiosk). */
  const confirmedRaces = new Map<number, RaceSummary>();

  const stored = deps.secrets.load();
  if (stored) registry.add(...secretValues(stored));
  /** At most 2 RunSignup calls at once across every client this kiosk builds (call-limiter.ts). */
  const limiter = new CallLimiter(2);
  const builtInCaller = deps.builtInCallerRegistration ?? null;
  registry.add(deps.secrets.loadCaller()?.secret, builtInCaller?.secret);
  /** The registration real calls carry: the one saved in Settings, else the built-in one. */
  const callerRegistration = (): CallerRegistration | null =>
    deps.secrets.loadCaller() ?? builtInCaller;
  const callerSource = (): 'settings' | 'built-in' | 'none' =>
    deps.secrets.loadCaller() ? 'settings' : builtInCaller ? 'built-in' : 'none';

  const current = (): Runtime => {
    if (!runtime)
      throw new KioskError('not-ready', 'The kiosk is still starting; try again in a moment.');
    return runtime;
  };

  const newClient = (
    baseUrl: string,
    getCredentials: () => Credentials | null,
    getCallerRegistration: () => CallerRegistration | null,
    onOutcome?: ConnectivityMonitor['report'],
    onUnreadableRows?: (rows: UnreadableRow[]) => void,
  ) =>
    new RunSignupClient({
      baseUrl,
      getCredentials,
      getCallerRegistration,
      limiter,
      fetch: deps.fetch,
      clock,
      logger,
      userAgent,
      timeoutMs: deps.timings?.requestTimeoutMs,
      ...(onOutcome ? { onOutcome } : {}),
      ...(onUnreadableRows ? { onUnreadableRows } : {}),
    });

  const publicSettings = (s: Settings = deps.settings.get()): PublicSettings => ({
    raceId: s.raceId,
    raceName: s.raceName,
    eventIds: s.eventIds,
    deviceName: s.deviceName,
    pollIntervalSec: s.pollIntervalSec,
    kiosk: lock.enabled,
    baseUrl: s.baseUrl,
    practice: runtime?.practice ?? s.practice,
    startAtLogin: s.startAtLogin,
    autoUpdate: s.autoUpdate,
    updateDuringRaceDay: s.updateDuringRaceDay,
    credentialKind: deps.secrets.load()?.kind ?? 'none',
    keychainWarning: deps.secrets.weakness?.() ?? null,
    callerRegistration: {
      source: callerSource(),
      regId: callerRegistration()?.regId ?? null,
    },
    pinSet: s.pinHash !== null,
  });

  const queueSummary = (): QueueSummary => runtime?.session?.results.summary() ?? EMPTY_QUEUE;

  const status = (): AppStatus => {
    const s = deps.settings.get();
    const rt = runtime;
    const session = rt?.session ?? null;
    const raceName = rt?.practice
      ? session?.roster.raceName()
      : (s.raceName ?? session?.roster.raceName());
    return {
      version: deps.version,
      practice: rt?.practice ?? s.practice,
      outage: rt?.outage ?? false,
      connectivity: rt?.connectivity.state() ?? {
        online: false,
        since: clock.now(),
        lastError: null,
      },
      lastSyncAt: session?.lastSyncAt ?? null,
      queue: queueSummary(),
      race: session && raceName ? { raceId: session.roster.raceId, name: raceName } : null,
      roster: session?.rosterProgress ?? null,
      kiosk: {
        enabled: lock.enabled,
        locked: lock.locked,
        pinSet: s.pinHash !== null,
        startAtLogin: s.startAtLogin,
        triesLeft: lock.triesLeft,
        padLockedUntil: lock.padLockedUntil,
      },
      notice: [rt?.notice, rt?.credentialsNotice].filter(Boolean).join(' ') || null,
      syncProblem:
        session?.pollError ??
        (session?.rosterProgress?.phase === 'failed' ? session.rosterProgress.message : null) ??
        (rt?.connectivity.state().online ? (rt.connectivity.state().lastError ?? null) : null),
      unreadableRows: rt?.unreadable.count ?? 0,
      callerRegistration: callerSource(),
    };
  };
  const statusChanged = () => hub.emit('status', status());
  /** The kiosk lock changed: tell every screen, and answer with the new status. */
  const kioskChanged = (): AppStatus => {
    const s = status();
    hub.emit('status', s);
    return s;
  };
  const resultsChanged = () => {
    hub.emit('results', queueSummary());
    statusChanged();
  };

  async function buildRuntime(): Promise<Runtime> {
    const s = deps.settings.get();
    const stored = deps.secrets.load();
    // Credentials that exist but cannot be read keep the race: its results stay counted and
    // its queue waits for the credentials to be entered again.
    const practice = s.practice || s.raceId === null;
    // A race whose credentials cannot be used (the keychain changed, the RunSignup address
    // changed) stays: its results stay counted and its queue waits for the credentials.
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
    let caller = callerRegistration;
    let raceId = s.raceId;
    const dbFile = path.join(deps.dataDir, practice ? 'practice.db' : 'kiosk.db');
    if (practice) {
      // A fresh practice race every start: nothing from it is ever sent to RunSignup.
      sim = await startSimulator({
        seed: deps.practice?.seed ?? 2026,
        clock,
        // As untidy as the real thing: keys left out, last year's events (with reused bibs).
        omitOptionalKeys: true,
        scenario: {
          participants: deps.practice?.participants ?? 800,
          checkedInFraction: 0.25,
          startsInMinutes: 60,
          pastYears: 1,
        },
      });
      sim.control.startLive({ checkinsPerMinute: deps.practice?.checkinsPerMinute ?? 40, clock });
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
    const { db } = opened;
    const notice = opened.notice;
    if (notice) logger.warn(notice);
    if (credentialsNotice) logger.warn(credentialsNotice);
    let connectivity: ConnectivityMonitor | null = null;
    const unreadable = new UnreadableRowTally();
    const client = newClient(
      baseUrl,
      credentials,
      caller,
      (o) => connectivity?.report(o),
      (rows) => {
        if (unreadable.add(rows)) statusChanged();
      },
    );
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
            emitFeed: (delta) => hub.emit('checkins', delta),
            statusChanged,
            connectivity,
            deviceName: () => deps.settings.get().deviceName,
            resultsChanged,
            timings: deps.timings,
          });
    if (session && credentialsNotice) session.results.flusher.pause(credentialsNotice);
    const offState = connectivity.subscribe(statusChanged);
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

  /** Runs `fn` after every switch queued before it; a failed switch does not block the next. */
  function serially<T>(fn: () => Promise<T>): Promise<T> {
    const work = switching.then(fn);
    switching = work.then(
      () => undefined,
      () => undefined,
    );
    return work;
  }

  async function startRuntime(): Promise<void> {
    runtime = await buildRuntime();
    runtime.connectivity.start();
    runtime.session?.start();
    statusChanged();
    const feed = runtime.session?.feed() ?? { rows: [], stats: EMPTY_CHECKIN_STATS };
    hub.emit('checkins', { reset: true, rows: feed.rows, removed: [], stats: feed.stats });
  }

  /** Stops what runs and starts it again for the current settings (one switch at a time). */
  function rebuild(): Promise<void> {
    return serially(async () => {
      if (runtime) await stopRuntime(runtime);
      runtime = null;
      await startRuntime();
    });
  }

  /** Results not yet confirmed by RunSignup (queued, sending or waiting for a fix). */
  const unsentResults = (): number => runtime?.session?.results.store.unsentCount() ?? 0;

  function guardUnsent(confirmUnsent: boolean): void {
    const n = unsentResults();
    if (n > 0 && !confirmUnsent) {
      throw new KioskError(
        'unsent-results',
        `${n} result${n === 1 ? ' has' : 's have'} not been sent to RunSignup yet. They stay saved on this computer and are sent when you come back to this race.`,
      );
    }
  }

  const session = () => current().session;

  const desk = () => {
    const s = session();
    if (!s) throw new KioskError('not-ready', 'No race is connected.');
    return s.results;
  };
  const api: ApiRequests = {
    async getStatus() {
      return status();
    },
    async getSettings() {
      return publicSettings();
    },
    async updateSettings(patch: SettingsPatch) {
      lock.assertUnlocked();
      const before = deps.settings.get();
      const hostChanged =
        patch.baseUrl !== undefined &&
        credentialOrigin(patch.baseUrl) !== credentialOrigin(before.baseUrl);
      if (patch.baseUrl !== undefined) {
        const problem = baseUrlProblem(patch.baseUrl, deps.trustedBaseUrls);
        if (problem) throw new KioskError('invalid-input', problem);
      }
      const forget = hostChanged && deps.secrets.load() !== null;
      if (forget) {
        // The stored key and secret belong to the old host: they never follow a new one. The
        // race stays, its results counted, its queue paused until credentials are entered.
        deps.secrets.clear();
        logger.info('RunSignup address changed: the stored credentials were forgotten');
      }
      const next = deps.settings.update(patch);
      if (
        forget ||
        (patch.baseUrl !== undefined && patch.baseUrl !== before.baseUrl && !runtime?.practice)
      )
        await rebuild();
      if (patch.eventIds !== undefined) {
        runtime?.session?.eventsChosen();
        const feed = runtime?.session?.feed();
        if (feed)
          hub.emit('checkins', { reset: true, rows: feed.rows, removed: [], stats: feed.stats });
      }
      if (patch.pollIntervalSec !== undefined) runtime?.session?.poller.kick();
      statusChanged();
      return publicSettings(next);
    },
    async connect({ credentials, raceId, callerRegistration: typed }) {
      lock.assertUnlocked();
      const problem = baseUrlProblem(deps.settings.get().baseUrl, deps.trustedBaseUrls);
      if (problem) throw new KioskError('invalid-input', problem);
      // A registration typed here is checked together with the key, and kept only if RunSignup
      // accepts both; without one, the stored (or built-in) registration is checked.
      const caller = typed ?? callerRegistration();
      const client = newClient(
        deps.settings.get().baseUrl,
        () => credentials,
        () => caller,
      );
      registry.add(...secretValues(credentials), typed?.secret);
      const race = await client.verify(raceId);
      deps.secrets.save(credentials);
      if (typed) deps.secrets.saveCaller(typed);
      const summary = raceSummaryOf(race, clock.now());
      confirmedRaces.set(raceId, summary);
      logger.info('credentials accepted by RunSignup', { kind: credentials.kind, raceId });
      // The credentials of the race that runs: its queue goes again (another race's wait).
      if (runtime && !runtime.practice && runtime.session?.roster.raceId === raceId) {
        runtime.credentialsNotice = null;
        runtime.session.results.flusher.resume();
      }
      statusChanged();
      return summary;
    },
    async clearCredentials({ confirmUnsent }) {
      lock.assertUnlocked();
      guardUnsent(confirmUnsent);
      deps.secrets.clear();
      deps.settings.update({ practice: true });
      await rebuild();
      return publicSettings();
    },
    async selectRace({ raceId, eventIds, confirmUnsent }) {
      lock.assertUnlocked();
      const s = deps.settings.get();
      if (!deps.secrets.load())
        throw new KioskError('needs-user', 'Enter RunSignup credentials first.');
      const known = confirmedRaces.get(raceId);
      if (!known && s.raceId !== raceId)
        throw new KioskError('invalid-input', `Connect to race ${raceId} first.`);
      if (s.raceId !== raceId || s.practice) guardUnsent(confirmUnsent);
      deps.settings.update({
        raceId,
        raceName: known?.name ?? s.raceName,
        eventIds,
        practice: false,
      });
      await rebuild();
      return publicSettings();
    },
    async getRace() {
      return session()?.summary() ?? null;
    },
    async setPractice({ on, confirmUnsent }) {
      lock.assertUnlocked();
      const s = deps.settings.get();
      if (!on && (!deps.secrets.load() || s.raceId === null)) {
        throw new KioskError(
          'needs-user',
          'Connect a RunSignup race in Settings before leaving practice mode.',
        );
      }
      if (on !== (runtime?.practice ?? s.practice)) guardUnsent(confirmUnsent);
      deps.settings.update({ practice: on });
      await rebuild();
      return publicSettings();
    },
    async setOutage(on) {
      lock.assertUnlocked();
      const rt = current();
      if (!rt.sim)
        throw new KioskError('invalid-input', 'The outage switch only exists in practice mode.');
      if (on) await rt.sim.faults.set({ type: 'refused' });
      else await rt.sim.faults.clear();
      rt.outage = on;
      if (!on)
        void rt.client.probe().then(
          () => rt.connectivity.report({ ok: true }),
          () => undefined,
        );
      statusChanged();
      return status();
    },
    async enableKiosk({ pin }) {
      lock.enable(pin);
      return kioskChanged();
    },
    async disableKiosk({ pin }) {
      lock.disable(pin);
      return kioskChanged();
    },
    async unlockSettings({ pin }) {
      lock.unlock(pin);
      return kioskChanged();
    },
    async lockSettings() {
      lock.lock();
      return kioskChanged();
    },
    async resetKiosk({ confirmUnsent, confirmReset, pin }) {
      lock.assertUnlocked();
      if (lock.enabled) lock.check(pin ?? '');
      return serially(async () => {
        // The live database holds every race's results, whatever mode runs now.
        const liveFile = path.join(deps.dataDir, 'kiosk.db');
        const unsentIn = (): Map<number, number> => {
          if (!fs.existsSync(liveFile)) return new Map();
          const live = openDatabase(liveFile, clock.now()).db;
          try {
            return unsentByRace(live);
          } finally {
            live.close();
          }
        };
        const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
        // 1. Export while everything still runs: a cancelled or failed save stops nothing.
        const unsent = unsentIn();
        const n = total(unsent);
        if (!confirmReset) {
          throw new KioskError(
            'needs-confirmation',
            `Reset this kiosk? The credentials, the saved roster, check-ins and results are forgotten and the practice race starts.${n > 0 ? ` ${n} unsent result${n === 1 ? ' is' : 's are'} saved to a CSV file first.` : ''}`,
          );
        }
        if (n > 0 && !confirmUnsent) {
          throw new KioskError(
            'unsent-results',
            `${n} result${n === 1 ? ' has' : 's have'} not been sent to RunSignup yet. Resetting saves them to a CSV file first, then forgets them.`,
          );
        }
        const exported: ExportResult[] = [];
        for (const [raceId, rows] of unsent) {
          const live = openDatabase(liveFile, clock.now()).db;
          let csv: string;
          try {
            csv = new ResultEntryStore(live, raceId, clock).exportQueueCsv();
          } finally {
            live.close();
          }
          const name = `unsent-results-race-${raceId}-${exportStamp(clock.now())}.csv`;
          exported.push({ path: await exportSink().save(name, csv), rows });
        }
        // 2. Stop, forget, and 3. start again whatever happened in between.
        try {
          if (runtime) await stopRuntime(runtime);
          runtime = null;
          const now = unsentIn();
          if (total(now) !== total(unsent)) {
            throw new KioskError(
              'unsent-results',
              'Results changed while they were being saved; nothing was reset. Reset again to save them too.',
            );
          }
          removeDatabase(liveFile);
          deps.secrets.clear();
          const s = deps.settings.get();
          deps.settings.update({
            ...defaultSettings,
            deviceName: s.deviceName,
            kiosk: s.kiosk,
            pinHash: s.pinHash,
            pinWrongTries: s.pinWrongTries,
            pinLockedUntil: s.pinLockedUntil,
            startAtLogin: s.startAtLogin,
            autoUpdate: s.autoUpdate,
          });
          logger.info('kiosk reset', { exported: exported.length });
        } finally {
          await startRuntime();
        }
        return { exported };
      });
    },
    async getFeed(): Promise<FeedSnapshot> {
      return session()?.feed() ?? { rows: [], stats: EMPTY_CHECKIN_STATS };
    },
    async search(query) {
      const s = session();
      return s
        ? s.search(query)
        : { query, matchedBy: null, hits: [], unknownCheckin: null, matches: 0 };
    },
    async notPickedUp(eventId) {
      return session()?.notPickedUp(eventId) ?? [];
    },
    async exportNotPickedUp(eventId) {
      const s = session();
      if (!s) throw new KioskError('not-ready', 'No race is connected.');
      const rows = s.notPickedUp(eventId);
      const eventName = s.eventNames().get(eventId) ?? String(eventId);
      const csv = exportCsv(
        ['bib', 'first and last name', 'event', 'age', 'gender', 'team', 'registration_id'],
        rows.map((r) => [r.bib, r.name, eventName, r.age, r.gender, r.team, r.registrationId]),
      );
      const file = await exportSink().save(
        `not-picked-up-${eventName}-${exportStamp(clock.now())}.csv`,
        csv,
      );
      return { path: file, rows: rows.length };
    },
    async getResultEvents() {
      const s = session();
      if (!s) return [];
      const chosen = new Set(s.chosenEventIds());
      return s.results.events().filter((e) => chosen.has(e.eventId));
    },
    async getResultSets(eventId: number) {
      return desk().resultSets(eventId);
    },
    async setElevationRequired({ eventId, required }) {
      return desk().setElevationRequired(eventId, required);
    },
    async sendHeldResults({ eventId, resultSetId }) {
      return { released: desk().sendHeld(eventId, resultSetId) };
    },
    async checkRow({ eventId, row }) {
      return desk().checkRow(eventId, row);
    },
    async previewResults({ eventId, text }) {
      return desk().preview(eventId, text);
    },
    async commitResults({ eventId, resultSetId, rows, source }) {
      return desk().commitRows(eventId, resultSetId, rows, source);
    },
    async commitImport({ eventId, resultSetId, text, source }) {
      return desk().commitText(eventId, resultSetId, text, source);
    },
    async listEntries({ view, eventId, search, limit, offset }) {
      const s = session();
      return s ? s.results.list(view, eventId, search, limit, offset) : { entries: [], total: 0 };
    },
    async editEntry({ id, row }) {
      return desk().edit(id, row);
    },
    async deleteEntry(id: number) {
      return desk().delete(id);
    },
    async resumeSending() {
      desk().flusher.resume();
      return queueSummary();
    },
    async exportEntries(view: 'queue' | 'history') {
      const d = desk();
      const csv = view === 'queue' ? d.store.exportQueueCsv() : d.store.exportHistoryCsv();
      const rows = Math.max(0, csv.split('\n').filter((l) => l.trim()).length - 1);
      const file = await exportSink().save(`results-${view}-${exportStamp(clock.now())}.csv`, csv);
      return { path: file, rows };
    },
    async listImportFiles() {
      return { folder: importDir, files: importFiles(importDir) };
    },
    async readImportFile(name: string) {
      if (!importFiles(importDir).includes(name))
        throw new KioskError('invalid-input', `There is no file "${name}" in ${importDir}.`);
      const file = path.join(importDir, name);
      if (fs.statSync(file).size > MAX_IMPORT_CHARS)
        throw new KioskError(
          'invalid-input',
          `${name} is too large (over 5 MB); split it into smaller files.`,
        );
      return fs.readFileSync(file, 'utf8');
    },
  };

  return {
    api,
    unsentResults,
    kioskState: () => ({ enabled: lock.enabled, locked: lock.locked }),
    subscribe: (listener) => hub.subscribe(listener),
    async start() {
      await rebuild();
    },
    async stop() {
      await switching;
      if (runtime) await stopRuntime(runtime);
      runtime = null;
    },
  };
}
