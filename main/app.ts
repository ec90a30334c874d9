import { EMPTY_CHECKIN_STATS } from '../preload/api';
import type { ApiRequests, ResultEvent, Unsubscribe } from '../preload/api';
import type { EventListener } from './api/events';
import type { RaceSession } from './race-session';
import { createAppContext } from './app/context';
import type { KioskDeps } from './app/deps';
import { exportEntries, exportNotPickedUp, importFiles, readImportFile } from './app/files';
import { RaceSetup } from './app/race-setup';
import { resetKiosk } from './app/reset';
import { RuntimeSwitch } from './app/runtime';
import { StatusView } from './app/status';

export type { KioskDeps } from './app/deps';

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

/** The results screen's events: the virtual ones among the events in use. */
function resultEvents(session: RaceSession | null): ResultEvent[] {
  if (!session) return [];
  const chosen = new Set(session.chosenEventIds());
  return session.results.events().filter((e) => chosen.has(e.eventId));
}

/**
 * The one factory: the Electron shell, the web host and the tests all build the app here
 * (docs/ARCHITECTURE.md "Processes"). Wiring only: each Api method is a one-liner over the
 * service that owns the work.
 */
export function createKiosk(deps: KioskDeps): Kiosk {
  const ctx = createAppContext(deps);
  const { lock, hub } = ctx;
  const runtimes = new RuntimeSwitch(ctx, {
    statusChanged: () => view.statusChanged(),
    resultsChanged: () => view.resultsChanged(),
  });
  const view = new StatusView(ctx, runtimes);
  const setup = new RaceSetup(ctx, runtimes, view);
  const session = () => runtimes.session();
  const results = () => runtimes.results();

  const api: ApiRequests = {
    getStatus: async () => view.status(),
    getSettings: async () => view.settings(),
    updateSettings: (patch) => setup.updateSettings(patch),
    connect: (args) => setup.connect(args),
    clearCredentials: (args) => setup.clearCredentials(args),
    selectRace: (args) => setup.selectRace(args),
    getRace: async () => session()?.summary() ?? null,
    setPractice: (args) => setup.setPractice(args),
    setOutage: async (on) => {
      lock.assertUnlocked();
      await runtimes.setOutage(on);
      return view.status();
    },
    enableKiosk: async ({ pin }) => {
      lock.enable(pin);
      return view.statusChanged();
    },
    disableKiosk: async ({ pin }) => {
      lock.disable(pin);
      return view.statusChanged();
    },
    unlockSettings: async ({ pin }) => {
      lock.unlock(pin);
      return view.statusChanged();
    },
    lockSettings: async () => {
      lock.lock();
      return view.statusChanged();
    },
    resetKiosk: (args) => resetKiosk(ctx, runtimes, args),
    getFeed: async () => session()?.feed() ?? { rows: [], stats: EMPTY_CHECKIN_STATS },
    search: async (query) =>
      session()?.search(query) ?? {
        query,
        matchedBy: null,
        hits: [],
        unknownCheckin: null,
        matches: 0,
      },
    notPickedUp: async (eventId) => session()?.notPickedUp(eventId) ?? [],
    exportNotPickedUp: (eventId) => exportNotPickedUp(ctx, session(), eventId),
    getResultEvents: async () => resultEvents(session()),
    getResultSets: async (eventId) => results().resultSets(eventId),
    setElevationRequired: async ({ eventId, required }) =>
      results().setElevationRequired(eventId, required),
    sendHeldResults: async ({ eventId, resultSetId }) => ({
      released: results().sendHeld(eventId, resultSetId),
    }),
    checkRow: async ({ eventId, row }) => results().checkRow(eventId, row),
    previewResults: async ({ eventId, text }) => results().preview(eventId, text),
    commitResults: async ({ eventId, resultSetId, rows, source }) =>
      results().commitRows(eventId, resultSetId, rows, source),
    commitImport: async ({ eventId, resultSetId, text, source }) =>
      results().commitText(eventId, resultSetId, text, source),
    listEntries: async ({ view: v, eventId, search, limit, offset }) =>
      session()?.results.list(v, eventId, search, limit, offset) ?? { entries: [], total: 0 },
    editEntry: async ({ id, row }) => results().edit(id, row),
    deleteEntry: async (id) => results().delete(id),
    resumeSending: async () => {
      results().resume();
      return view.queue();
    },
    exportEntries: (v) => exportEntries(ctx, results(), v),
    listImportFiles: async () => ({ folder: ctx.importDir, files: importFiles(ctx.importDir) }),
    readImportFile: async (name) => readImportFile(ctx.importDir, name),
  };

  return {
    api,
    unsentResults: () => runtimes.unsent(),
    kioskState: () => ({ enabled: lock.enabled, locked: lock.locked }),
    subscribe: (listener) => hub.subscribe(listener),
    start: () => runtimes.rebuild(),
    stop: () => runtimes.stop(),
  };
}
