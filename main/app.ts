import path from 'node:path';
import type {
  AppStatus,
  ApiRequests,
  PublicSettings,
  SettingsPatch,
  Unsubscribe,
} from '../preload/api';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase } from './db/open';
import type { EventListener } from './events';
import { EventHub } from './events';
import type { Logger } from './logging';
import { silentLogger } from './logging';
import type { SecretRegistry } from './redact';
import type { SecretStore } from './secrets';
import type { Settings, SettingsStore } from './settings';

/** Everything the kiosk needs from outside, passed in (ARCHITECTURE.md "Conventions"). */
export interface KioskDeps {
  /** Folder for the database, logs and exports. */
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  version: string;
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
  /** Secret values to redact everywhere (the logger shares it). */
  secretRegistry?: SecretRegistry;
}

export interface Kiosk {
  api: ApiRequests;
  subscribe(listener: EventListener): Unsubscribe;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The one factory: the Electron shell, the web host and the tests all build the app here.
 */
export function createKiosk(deps: KioskDeps): Kiosk {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const hub = new EventHub();
  const startedAt = clock.now();
  const { db, notice } = openDatabase(path.join(deps.dataDir, 'kiosk.db'), clock.now());
  if (notice) logger.warn(notice);

  const publicSettings = (s: Settings = deps.settings.get()): PublicSettings => ({
    raceId: s.raceId,
    raceName: s.raceName,
    eventIds: s.eventIds,
    deviceName: s.deviceName,
    pollIntervalSec: s.pollIntervalSec,
    kiosk: s.kiosk,
    baseUrl: s.baseUrl,
    practice: s.practice,
    startAtLogin: s.startAtLogin,
    credentialKind: deps.secrets.load()?.kind ?? 'none',
    pinSet: s.pinHash !== null,
  });

  const status = (): AppStatus => {
    const s = deps.settings.get();
    return {
      version: deps.version,
      practice: s.practice,
      outage: false,
      connectivity: { online: true, since: startedAt, lastError: null },
      lastSyncAt: null,
      queue: {
        waiting: 0,
        sending: 0,
        needsFix: 0,
        sent: 0,
        pausedReason: null,
        nextAttemptAt: null,
      },
      race: s.raceId && s.raceName ? { raceId: s.raceId, name: s.raceName } : null,
      roster: null,
      kiosk: { enabled: s.kiosk, locked: s.kiosk },
      notice,
    };
  };

  const api: ApiRequests = {
    async getStatus() {
      return status();
    },
    async getSettings() {
      return publicSettings();
    },
    async updateSettings(patch: SettingsPatch) {
      const next = deps.settings.update(patch);
      hub.emit('status', status());
      return publicSettings(next);
    },
  };

  return {
    api,
    subscribe: (listener) => hub.subscribe(listener),
    async start() {
      hub.emit('status', status());
    },
    async stop() {
      db.close();
    },
  };
}
