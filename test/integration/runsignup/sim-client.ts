/**
 * A RunSignup client wired to a real simulator over HTTP, with everything a test wants to look
 * at afterwards: log lines, backoff waits (recorded, not slept), outcomes and the requests as
 * they left the client (URL and headers, to check where secrets went).
 */
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator, SimulatorOptions } from '../../../main/simulator/index';
import { RunSignupClient } from '../../../main/runsignup/client';
import type { RequestOutcome, RunSignupClientOptions } from '../../../main/runsignup/client';
import type { Credentials, CredentialKind } from '../../../main/runsignup/credentials';
import { MemoryLogger } from '../../doubles/memory-logger';
import { ManualClock } from '../../doubles/manual-clock';
import { isApiError } from '../../../main/runsignup/errors';
import type { ApiError } from '../../../main/runsignup/errors';

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface SimClient {
  client: RunSignupClient;
  logger: MemoryLogger;
  /** Every backoff wait the client asked for, in ms (tests never really wait). */
  sleeps: number[];
  outcomes: RequestOutcome[];
  sent: SentRequest[];
}

export function credentialsFor(
  sim: Simulator,
  kind: CredentialKind,
  which: 'own' | 'other' = 'own',
): Credentials {
  const c = which === 'own' ? sim.credentials : sim.otherRace.credentials;
  if (kind === 'oauth') return { kind, accessToken: c.oauth.accessToken };
  return { kind, apiKey: c[kind].apiKey, apiSecret: c[kind].apiSecret };
}

/** Every secret the simulator knows, of both races. */
export function allSecrets(sim: Simulator): string[] {
  return [sim.credentials, sim.otherRace.credentials].flatMap((c) => [
    c.v1.apiKey,
    c.v1.apiSecret,
    c.v2.apiKey,
    c.v2.apiSecret,
    c.oauth.accessToken,
  ]);
}

/**
 * A fetch that records what leaves the client and can act on the simulator between requests
 * (`before`). The request still goes to the real server; nothing is faked.
 */
export function observingFetch(
  sent: SentRequest[],
  before?: (url: URL, n: number) => void | Promise<void>,
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    sent.push({ method: init?.method ?? 'GET', url: url.toString(), headers });
    await before?.(url, sent.length);
    return fetch(input, init);
  };
}

export function simClient(
  sim: Simulator,
  credentials: Credentials | null,
  opts: Partial<RunSignupClientOptions> & {
    before?: (url: URL, n: number) => void | Promise<void>;
  } = {},
): SimClient {
  const logger = new MemoryLogger();
  const sleeps: number[] = [];
  const outcomes: RequestOutcome[] = [];
  const sent: SentRequest[] = [];
  const { before, ...rest } = opts;
  const client = new RunSignupClient({
    baseUrl: sim.url,
    getCredentials: () => credentials,
    fetch: observingFetch(sent, before),
    clock: new ManualClock(),
    logger,
    userAgent: 'RaceDayKiosk/0.1.0',
    timeoutMs: 2_000,
    retry: { attempts: 3, baseMs: 100, maxMs: 2_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onOutcome: (o) => outcomes.push(o),
    // Registered, as the app is, so the tests hold after RunSignup's 2027-01-01 cut-off.
    getCallerRegistration: () => sim.callerRegistration,
    ...rest,
  });
  return { client, logger, sleeps, outcomes, sent };
}

/** A small race (fast to generate); pass the same clock to `simClient` when time matters. */
export async function smallSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    seed: 7,
    scenario: { participants: 120, checkedInFraction: 0.3 },
    ...opts,
  });
}

/** The ApiError a request ends with (fails the test if it succeeds or throws something else). */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}
