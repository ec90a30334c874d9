import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../clock';

/**
 * RunSignup's API caller registration (docs/RUNSIGNUP.md §7): a registered application sends
 * `rsu_api_reg` (query) and `X-RSU-API-REG-SECRET` (header) on every call. A wrong pair fails
 * every call; a missing one is accepted until the cut-off date, then fails too. Both answer
 * HTTP 400 with v1 error code 17. It identifies the application and authenticates nothing.
 */
export interface CallerRegistration {
  regId: string;
  secret: string;
}

export const CALLER_REG_PARAM = 'rsu_api_reg';
export const CALLER_REG_HEADER = 'x-rsu-api-reg-secret';
export const CALLER_REJECTED_CODE = 17;
export const CALLER_REJECTED_MESSAGE = 'Invalid API caller credentials.';

export type CallerVerdict = { ok: true } | { ok: false; details: string[] };

export class CallerGate {
  private revoked = false;

  constructor(
    readonly valid: CallerRegistration,
    /** Unix ms from which a call without a registration is refused. */
    private readonly requiredFromMs: number,
    private readonly clock: Clock,
  ) {}

  revoke(): void {
    this.revoked = true;
  }

  restore(): void {
    this.revoked = false;
  }

  check(query: URLSearchParams, headers: IncomingHttpHeaders): CallerVerdict {
    const regId = query.get(CALLER_REG_PARAM);
    const raw = headers[CALLER_REG_HEADER];
    const secret = Array.isArray(raw) ? raw[0] : raw;
    if (regId === null && secret === undefined) {
      if (this.clock.now() < this.requiredFromMs) return { ok: true };
      return {
        ok: false,
        details: [
          `API caller registration is required since ${new Date(this.requiredFromMs).toISOString().slice(0, 10)}.`,
        ],
      };
    }
    if (this.revoked || regId !== this.valid.regId || secret !== this.valid.secret) {
      return { ok: false, details: ['The rsu_api_reg and X-RSU-API-REG-SECRET do not match.'] };
    }
    return { ok: true };
  }
}

/** The caller of a request, for the concurrency limit (one registration = one caller). */
export function callerKey(query: URLSearchParams): string {
  return query.get(CALLER_REG_PARAM) ?? 'unregistered';
}
