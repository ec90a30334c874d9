import path from 'node:path';
import type { CallerRegistrationSource } from '../../preload/api';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { ConnectivityMonitor } from '../connectivity';
import { EventHub } from '../api/events';
import type { ExportSink } from '../exports';
import { folderExportSink } from '../exports';
import { KioskLock } from '../kiosk/kiosk-lock';
import type { Logger } from '../logging';
import { silentLogger } from '../logging';
import { SecretRegistry } from '../redact';
import { CallLimiter } from '../runsignup/call-limiter';
import type { CallerRegistration } from '../runsignup/caller-registration';
import { RunSignupClient } from '../runsignup/client';
import type { Credentials } from '../runsignup/credentials';
import { secretValues } from '../runsignup/credentials';
import type { UnreadableRow } from '../runsignup/row-reading';
import type { KioskDeps } from './deps';

/** How a RunSignup client is pointed and what it reports back. */
export interface ClientWiring {
  baseUrl: string;
  credentials: () => Credentials | null;
  callerRegistration: () => CallerRegistration | null;
  onOutcome?: ConnectivityMonitor['report'];
  onUnreadableRows?: (rows: UnreadableRow[]) => void;
}

/** What every part of the kiosk shares for its whole life (one per `createKiosk`). */
export interface AppContext {
  deps: KioskDeps;
  clock: Clock;
  logger: Logger;
  registry: SecretRegistry;
  hub: EventHub;
  lock: KioskLock;
  importDir: string;
  /** The registration real calls carry: the one saved in Settings, else the built-in one. */
  callerRegistration(): CallerRegistration | null;
  callerSource(): CallerRegistrationSource;
  /** Where a CSV export goes now (a fixed folder in kiosk mode). */
  exportSink(): ExportSink;
  newClient(wiring: ClientWiring): RunSignupClient;
}

export function createAppContext(deps: KioskDeps): AppContext {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const registry = deps.secretRegistry ?? new SecretRegistry();
  const exportsSink = deps.exports ?? folderExportSink(path.join(deps.dataDir, 'exports'));
  const lock = new KioskLock(deps.settings, clock, deps.forceKiosk ?? false);
  const userAgent = `RaceDayKiosk/${deps.version}`;
  const stored = deps.secrets.load();
  if (stored) registry.add(...secretValues(stored));
  /** At most 2 RunSignup calls at once across every client this kiosk builds (call-limiter.ts). */
  const limiter = new CallLimiter(2);
  const builtInCaller = deps.builtInCallerRegistration ?? null;
  registry.add(deps.secrets.loadCaller()?.secret, builtInCaller?.secret);
  return {
    deps,
    clock,
    logger,
    registry,
    hub: new EventHub(),
    lock,
    importDir: deps.importDir ?? path.join(deps.dataDir, 'imports'),
    callerRegistration: () => deps.secrets.loadCaller() ?? builtInCaller,
    callerSource: () =>
      deps.secrets.loadCaller() ? 'settings' : builtInCaller ? 'built-in' : 'none',
    exportSink: () => (lock.enabled ? (deps.kioskExports ?? exportsSink) : exportsSink),
    newClient: (w) =>
      new RunSignupClient({
        baseUrl: w.baseUrl,
        getCredentials: w.credentials,
        getCallerRegistration: w.callerRegistration,
        limiter,
        fetch: deps.fetch,
        clock,
        logger,
        userAgent,
        timeoutMs: deps.timings?.requestTimeoutMs,
        ...(w.onOutcome ? { onOutcome: w.onOutcome } : {}),
        ...(w.onUnreadableRows ? { onUnreadableRows: w.onUnreadableRows } : {}),
      }),
  };
}
