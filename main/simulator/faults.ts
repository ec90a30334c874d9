/**
 * Network and server trouble the simulator can put between the client and the race
 * (docs/RUNSIGNUP.md §5): one fault at a time, optionally only for the next N requests and/or
 * paths matching a pattern.
 */
export type Fault =
  /** Nothing listens: connections are refused (with a scope: matching requests are cut off unanswered). */
  | { type: 'refused' }
  /** Every answer is held back this long. */
  | { type: 'latency'; ms: number }
  /** nginx's HTML error page with this status (default 502). */
  | { type: 'http5xx'; status?: 500 | 502 | 503 | 504 }
  /** Headers and part of the body, then the connection is destroyed. */
  | { type: 'reset' }
  /** Status 200 and a JSON body cut in half, properly ended. */
  | { type: 'truncated' }
  /** v1: HTTP 200 with error_code 14; 429: HTTP 429 with a Retry-After header. */
  | { type: 'throttle'; style: 'v1' | '429'; retryAfterSec?: number }
  /** Every credential answered as invalid (v1 code 6, v2 HTTP 401). */
  | { type: 'revoked' }
  /**
   * The endpoint's JSON answer passes through `rewrite` before it is sent: shapes RunSignup is
   * known to send that the simulator does not make by itself (a row without its id, a receipt
   * left out, an error code nobody documented). Non-JSON answers are sent as they are.
   */
  | { type: 'rewrite'; rewrite: (json: unknown) => unknown };

export interface FaultScope {
  /** Only the next `count` matching requests; then the fault clears itself. */
  count?: number;
  /** Only requests whose path (including `/rest`, without the query) matches. */
  path?: RegExp;
}

export interface FaultControls {
  /** Replaces the active fault. Resolves once it is in force (a refusal has stopped listening). */
  set(fault: Fault, scope?: FaultScope): Promise<void>;
  /** Removes the active fault. Resolves once the server answers again (after a refusal, on the same port). */
  clear(): Promise<void>;
  /** The active fault, if any. */
  readonly active: Fault | null;
}

interface ActiveFault {
  fault: Fault;
  remaining: number | undefined;
  path: RegExp | undefined;
}

/** Holds the active fault and decides, request by request, whether it applies. */
export class FaultBoard {
  private current: ActiveFault | null = null;

  get active(): Fault | null {
    return this.current?.fault ?? null;
  }

  /** True when the fault is a refusal of every connection (not limited by count or path). */
  get refusesAll(): boolean {
    const c = this.current;
    return (
      c !== null && c.fault.type === 'refused' && c.remaining === undefined && c.path === undefined
    );
  }

  set(fault: Fault, scope: FaultScope = {}): void {
    if (scope.count !== undefined && (!Number.isInteger(scope.count) || scope.count < 1)) {
      throw new Error('Fault count must be a positive integer');
    }
    this.current = { fault, remaining: scope.count, path: scope.path };
  }

  clear(): void {
    this.current = null;
  }

  /** The fault to apply to a request on `path`, consuming one use of a counted fault. */
  take(path: string): Fault | null {
    const c = this.current;
    if (!c) return null;
    if (c.path) {
      c.path.lastIndex = 0;
      if (!c.path.test(path)) return null;
    }
    if (c.remaining !== undefined) {
      c.remaining -= 1;
      if (c.remaining <= 0) this.current = null;
    }
    return c.fault;
  }
}
