import type { Database } from 'better-sqlite3';
import { CheckinPoller } from '../../main/checkins/checkin-poller';
import type { CheckinPollerOptions } from '../../main/checkins/checkin-poller';
import { CheckinStore } from '../../main/checkins/checkin-store';
import type { MergeOutcome } from '../../main/checkins/checkin-store';
import { systemClock } from '../../main/clock';
import { SyncState } from '../../main/db/sync-state';
import { silentLogger } from '../../main/logging';
import type { CallLimiter } from '../../main/runsignup/call-limiter';
import { RunSignupClient } from '../../main/runsignup/client';
import type { Credentials } from '../../main/runsignup/credentials';
import type { SimAddress } from './sim-process';

/** The simulator's own v2 keys, as the kiosk would store them. */
function simCredentials(sim: SimAddress): Credentials {
  return { kind: 'v2', ...sim.credentials.v2 };
}

/**
 * A real RunSignup client pointed at a simulator, with the app's defaults (real clock, real
 * fetch); clients given one limiter share the 2 calls at once, as the kiosk's do.
 */
export function benchClient(
  sim: SimAddress,
  fetchImpl: typeof fetch = fetch,
  limiter?: CallLimiter,
): RunSignupClient {
  const credentials = simCredentials(sim);
  return new RunSignupClient({
    baseUrl: sim.url,
    getCredentials: () => credentials,
    fetch: fetchImpl,
    clock: systemClock,
    logger: silentLogger,
    userAgent: 'RaceDayKiosk/bench',
    timeoutMs: 60_000,
    ...(limiter ? { limiter } : {}),
  });
}

/**
 * The kiosk's check-in poller (and its store) on a bench database, polling the simulator over
 * loopback HTTP as the app does: online, real clock, the given interval and change handler.
 */
export function benchPoller(
  sim: SimAddress,
  db: Database,
  opts: Pick<CheckinPollerOptions, 'reconcileEveryMs'> & {
    intervalMs: number;
    onChange(outcome: MergeOutcome, store: CheckinStore): void;
  },
): { poller: CheckinPoller; store: CheckinStore } {
  const store = new CheckinStore(db, sim.raceId);
  const poller = new CheckinPoller({
    client: benchClient(sim),
    raceId: sim.raceId,
    store,
    sync: new SyncState(db, sim.raceId),
    clock: systemClock,
    logger: silentLogger,
    intervalMs: () => opts.intervalMs,
    isOnline: () => true,
    ...(opts.reconcileEveryMs === undefined ? {} : { reconcileEveryMs: opts.reconcileEveryMs }),
    onChange: (outcome) => opts.onChange(outcome, store),
    onSynced: () => undefined,
  });
  return { poller, store };
}
