import type { AuthMode } from './auth';
import type { Fault } from './faults';

/** One request as the simulator saw it. Secrets never get here: keys are redacted, headers not kept. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path including `/rest`, without the query string. */
  path: string;
  /** Query parameters with every key and secret replaced by `[REDACTED]`. */
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was cut without an answer. */
  status: number;
  /** Wall-clock milliseconds spent answering (observability only). */
  ms: number;
  /** Which credential form the request presented. */
  auth: AuthMode | 'none';
  /** Calls of this caller being answered when it arrived, itself included. */
  concurrent: number;
  /** Refused for being one call too many at once (v1 code 14). */
  throttled?: true;
  /** The fault applied to this request, if any. */
  fault?: Fault['type'];
}

const SECRET_PARAMS = new Set([
  'api_key',
  'api_secret',
  'rsu_api_key',
  'sp_api_key',
  'tmp_key',
  'tmp_secret',
  'access_token',
  'refresh_token',
  'client_secret',
]);

export function redactQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = SECRET_PARAMS.has(k.toLowerCase()) ? '[REDACTED]' : v;
  return out;
}

/** The most recent requests (bounded so a long practice session does not grow without end). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 20_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: ++this.seq });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
