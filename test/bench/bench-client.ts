import { systemClock } from '../../main/clock';
import { silentLogger } from '../../main/logging';
import { RunSignupClient } from '../../main/runsignup/client';
import type { Credentials } from '../../main/runsignup/credentials';
import type { Simulator } from '../../main/simulator/index';

/** The simulator's own v2 keys, as the kiosk would store them. */
function simCredentials(sim: Simulator): Credentials {
  return { kind: 'v2', ...sim.credentials.v2 };
}

/** A real RunSignup client pointed at a simulator, with the app's defaults (real clock, real fetch). */
export function benchClient(sim: Simulator, fetchImpl: typeof fetch = fetch): RunSignupClient {
  const credentials = simCredentials(sim);
  return new RunSignupClient({
    baseUrl: sim.url,
    getCredentials: () => credentials,
    fetch: fetchImpl,
    clock: systemClock,
    logger: silentLogger,
    userAgent: 'RaceDayKiosk/bench',
    timeoutMs: 60_000,
  });
}
