import { systemClock } from '../../main/clock';
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
