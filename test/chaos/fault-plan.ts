/**
 * The network's side of the chaos run: a seeded sequence of faults put in front of the
 * simulator, each held for a while (docs/RUNSIGNUP.md §5: offline, throttling in both styles,
 * 5xx pages, slow answers — some slower than the kiosk's timeout — and connections reset
 * mid-body after the server stored the post).
 */
import type { Fault, FaultScope } from '../../main/simulator/index';
import type { Prng } from '../../main/simulator/prng';

export interface PlannedFault {
  /** null: no fault for a while. */
  fault: Fault | null;
  scope?: FaultScope;
  holdMs: number;
  /** For the report's tally. */
  label: string;
}

const RESULTS_PATH = /\/results\/user-results\/?$/;

export interface FaultPlanOptions {
  /** The kiosk's request timeout: some latencies go past it. */
  requestTimeoutMs: number;
}

/** Picks the next fault. Half of them hit only the results endpoint (the feed keeps going). */
export function nextFault(prng: Prng, opts: FaultPlanOptions): PlannedFault {
  const holdMs = prng.int(700, 2500);
  const scope = (): FaultScope =>
    prng.chance(0.5)
      ? { path: RESULTS_PATH, ...(prng.chance(0.3) ? { count: prng.int(1, 4) } : {}) }
      : {};
  const roll = prng.next();
  if (roll < 0.22) return { fault: null, holdMs, label: 'none' };
  if (roll < 0.36) return { fault: { type: 'refused' }, holdMs, label: 'refused' };
  if (roll < 0.4)
    return {
      fault: { type: 'refused' },
      scope: { path: RESULTS_PATH, count: prng.int(1, 3) },
      holdMs,
      label: 'refused-results',
    };
  if (roll < 0.48)
    return {
      fault: { type: 'throttle', style: 'v1' },
      scope: scope(),
      holdMs,
      label: 'throttle-v1',
    };
  if (roll < 0.56)
    return {
      fault: { type: 'throttle', style: '429', retryAfterSec: prng.int(1, 2) },
      scope: scope(),
      holdMs,
      label: 'throttle-429',
    };
  if (roll < 0.68)
    return {
      fault: { type: 'http5xx', status: prng.pick([500, 502, 503, 504] as const) },
      scope: scope(),
      holdMs,
      label: '5xx',
    };
  if (roll < 0.78)
    return {
      fault: { type: 'latency', ms: prng.int(200, Math.round(opts.requestTimeoutMs * 1.4)) },
      scope: scope(),
      holdMs,
      label: 'latency',
    };
  if (roll < 0.93) return { fault: { type: 'reset' }, scope: scope(), holdMs, label: 'reset' };
  return { fault: { type: 'truncated' }, scope: scope(), holdMs, label: 'truncated' };
}
