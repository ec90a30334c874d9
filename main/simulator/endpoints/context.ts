import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialBook } from '../auth';
import type { OptionalKeys } from '../optional-keys';
import type { SimParticipant } from '../race-data';
import type { RaceState } from '../race-state';
import type { SimReply, V1Format } from '../responses';
import { v1Error, v1Format, v2Error } from '../responses';
import type { RaceDateFormat } from '../v1-encoding';

/** One parsed request, path relative to `/rest`. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Set while a `revoked` fault applies to this request. */
  revoked: boolean;
}

/** How user-results answers a request with some bad rows (docs/RUNSIGNUP.md §5 leaves it open). */
export type RowErrorMode = 'whole-request' | 'per-row';

/** A race whose keys exist (its own or another's) and what entity-info says about it. */
export interface KnownRace {
  raceId: number;
  name: string;
  genericEntityId: number;
}

export interface EndpointDeps {
  state: RaceState;
  book: CredentialBook;
  /** Every race a key may belong to; only `state.raceId` is served. */
  races: readonly KnownRace[];
  readonly dates: RaceDateFormat;
  rowErrors: RowErrorMode;
  /** Which optional keys each row leaves out (`omitOptionalKeys`). */
  readonly optional: OptionalKeys;
  /**
   * Each roster row's participants JSON (UTF-8) as encoded with these `dates` and `optional`
   * keys (endpoints/participants.ts); a row is never changed in place, so it never goes stale.
   */
  readonly participantRows: WeakMap<SimParticipant, Buffer>;
}

export type Guarded<T> = ({ ok: true } & T) | { ok: false; reply: SimReply };

/**
 * The checks every v1 race endpoint makes, in order: credentials at all (none: code 7
 * "Permission Denied"), key (code 6), race exists (201), key belongs to the race (7). All
 * answered with HTTP 200 and a v1 error body (docs/RUNSIGNUP.md §5, §7).
 */
export function guardV1(
  req: SimRequest,
  deps: EndpointDeps,
  raceIdText: string,
): Guarded<{ format: V1Format }> {
  const format = v1Format(req.query);
  const auth = deps.book.authenticate(req.query, req.headers, { revoked: req.revoked });
  if (!auth.ok && auth.mode === 'none')
    return { ok: false, reply: v1Error(format, 7, 'Permission Denied') };
  if (!auth.ok) return { ok: false, reply: v1Error(format, 6, auth.message) };
  if (!/^\d+$/.test(raceIdText) || Number(raceIdText) !== deps.state.raceId) {
    return { ok: false, reply: v1Error(format, 201, 'Race not found.') };
  }
  if (auth.raceId !== deps.state.raceId)
    return { ok: false, reply: v1Error(format, 7, 'Permission Denied') };
  return { ok: true, format };
}

/** v2 authentication: HTTP 401 with the v2 error shape. */
export function guardV2Auth(req: SimRequest, deps: EndpointDeps): Guarded<{ raceId: number }> {
  const auth = deps.book.authenticate(req.query, req.headers, { revoked: req.revoked });
  if (!auth.ok) return { ok: false, reply: v2Error(401, auth.message, { reason: auth.reason }) };
  return { ok: true, raceId: auth.raceId };
}

/** A whole number parameter: `undefined` when absent, `null` when present but not a uint. */
export function uintParam(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
}
