/**
 * Turns whatever came back (or failed to) into data or an ApiError with the right kind
 * (docs/RUNSIGNUP.md §5). Pure: no I/O, the time and the redactor come in as arguments.
 *
 * Order of reading an answer:
 * 1. HTTP 429 → throttled (Retry-After honoured).
 * 2. A JSON body with an error in it → the v1 code table when there is a code (it is more
 *    precise than the status: v1 errors arrive with HTTP 200), else the HTTP status, else (an
 *    error inside a 200 without a code) permanent. OAuth names (`invalid_client`, …) that mean
 *    "sign in again" → needs-user whatever the status.
 * 3. Any other non-2xx status → by status (5xx transient, 401/403 needs-user, 4xx permanent).
 * 4. A 2xx whose body is not JSON: an HTML page (captive portal, maintenance) → transient;
 *    anything else (a cut-off body) → malformed, marked `cutOff` so a GET may try again.
 */
import type { z } from 'zod';
import type { CredentialKind } from './credentials';
import { ApiError } from './errors';
import type { ApiErrorKind } from './errors';
import { parseRetryAfter } from './backoff';
import { v1ErrorSchema, v2ErrorSchema } from './schemas';
import { redactText } from '../redact';

export type Answer =
  | { ok: true; json: unknown }
  | { ok: false; error: ApiError; /** The body may be a cut-off transfer. */ cutOff: boolean };

export interface AnswerInput {
  status: number;
  body: string;
  /** The `Retry-After` header, if any. */
  retryAfter: string | null;
  nowMs: number;
  /** Method and path, e.g. `GET /race/1` (never a query string). */
  endpoint: string;
  credentialKind: CredentialKind | null;
  redact?: (text: string) => string;
}

interface CodeMeaning {
  kind: ApiErrorKind;
  what: (credentials: CredentialKind | null) => string;
}

const fixed = (text: string) => () => text;

/** docs/RUNSIGNUP.md §5, the v1 `error_code` table. */
const V1_CODES: Record<number, CodeMeaning> = {
  1: { kind: 'permanent', what: fixed('RunSignup does not know this request') },
  2: { kind: 'permanent', what: fixed('RunSignup does not accept this kind of request here') },
  3: { kind: 'permanent', what: fixed('RunSignup rejected the request parameters') },
  4: { kind: 'transient', what: fixed('RunSignup had an unknown error') },
  5: { kind: 'transient', what: fixed('RunSignup had a database error') },
  6: { kind: 'needs-user', what: (c) => `RunSignup rejected the ${credentialNoun(c)}` },
  7: { kind: 'needs-user', what: fixed('RunSignup denied permission for this race') },
  11: { kind: 'permanent', what: fixed('RunSignup rejected the submission') },
  12: { kind: 'transient', what: fixed('RunSignup received the request out of order') },
  13: { kind: 'needs-user', what: fixed('RunSignup requires a signed-in user for this') },
  14: { kind: 'throttled', what: fixed('RunSignup is limiting how often we may ask') },
  15: { kind: 'permanent', what: fixed('RunSignup rejected an id in the request') },
  // docs/RUNSIGNUP.md §7: a wrong (or, from 2027-01-01, missing) caller registration; HTTP 400.
  17: {
    kind: 'needs-user',
    what: fixed("RunSignup rejected this app's API caller registration"),
  },
  115: { kind: 'permanent', what: fixed('RunSignup rejected a bib number') },
  201: { kind: 'permanent', what: fixed('RunSignup could not find this race') },
  223: { kind: 'permanent', what: fixed('RunSignup rejected the event id') },
  301: { kind: 'permanent', what: fixed('RunSignup could not find this event') },
};

/** OAuth error names (RFC 6749 / 6750) that mean the token or client is no good. */
const OAUTH_NEEDS_USER = new Set([
  'invalid_client',
  'invalid_grant',
  'invalid_token',
  'unauthorized_client',
  'access_denied',
  'insufficient_scope',
]);

function credentialNoun(kind: CredentialKind | null): string {
  if (kind === 'oauth') return 'sign-in token';
  if (kind === 'v1' || kind === 'v2') return 'API key';
  return 'credentials';
}

/** The kind docs/RUNSIGNUP.md §5 gives a v1 `error_code` (unknown codes: permanent, do not loop). */
export function kindOfV1Code(code: number): ApiErrorKind {
  return V1_CODES[code]?.kind ?? 'permanent';
}

/**
 * What a permanent refusal is about, for a caller that can split a request (the results
 * flusher; docs/RUNSIGNUP.md §5):
 * - `race`: RunSignup does not know the race (code 201): nothing of it can be sent;
 * - `request`: the request as a whole (codes 1, 2, 301, or a 404 without a code): splitting
 *   it cannot help;
 * - `unknown`: a code the table above does not list;
 * - `rows`: some rows of the request (any other listed code, or no code at all).
 */
export type RefusalScope = 'race' | 'request' | 'unknown' | 'rows';

const REQUEST_LEVEL_CODES = new Set([1, 2, 301]);
const RACE_NOT_FOUND = 201;

export function refusalScope(details: { code?: number; status?: number }): RefusalScope {
  const { code, status } = details;
  if (code === undefined) return status === 404 ? 'request' : 'rows';
  if (code === RACE_NOT_FOUND) return 'race';
  if (REQUEST_LEVEL_CODES.has(code)) return 'request';
  return code in V1_CODES ? 'rows' : 'unknown';
}

/**
 * RunSignup itself gave this failure, in its own words (an error code in its answer): not a
 * lost connection, a cut-off answer or a web server's error page, which say nothing about the
 * request (RunSignup may be down for everyone).
 */
export function isRunSignupsOwnAnswer(details: { code?: number; network?: boolean }): boolean {
  return !details.network && details.code !== undefined;
}

/** Two refusals with the same RunSignup error code. */
export function sameErrorCode(a: { code?: number }, b: { code?: number }): boolean {
  return a.code !== undefined && a.code === b.code;
}

/**
 * Whether RunSignup's message refuses a result for lacking elevation gain. RunSignup gives this
 * refusal no code of its own (it is a code 3, docs/RUNSIGNUP.md §2), so its words are the only
 * sign: the one place the kiosk reads an error message.
 */
export function isElevationRefusal(message: string): boolean {
  return /elevation/i.test(message);
}

/** The kind an HTTP status means when the body says nothing more precise. */
export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'needs-user';
  if (status === 408 || status >= 500) return 'transient';
  if (status >= 400) return 'permanent';
  return 'transient';
}

function statusWhat(status: number, kind: CredentialKind | null): string {
  if (status === 401) return `RunSignup rejected the ${credentialNoun(kind)}`;
  if (status === 403) return 'RunSignup denied permission for this';
  if (status === 404) return 'RunSignup could not find what was asked for';
  if (status === 429) return 'RunSignup is limiting how often we may ask';
  if (status === 408 || status >= 500) return 'RunSignup is not available right now';
  if (status >= 400) return 'RunSignup rejected the request';
  return `RunSignup answered with HTTP ${status}`;
}

export function readAnswer(input: AnswerInput): Answer {
  const redact = input.redact ?? redactText;
  const { status, endpoint } = input;
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(input.retryAfter, input.nowMs) : undefined;
  const fail = (kind: ApiErrorKind, message: string, code?: number, cutOff = false): Answer => ({
    ok: false,
    cutOff,
    error: new ApiError(kind, redact(message), {
      status,
      endpoint,
      ...(code === undefined ? {} : { code }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }),
  });
  const waitNote =
    retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)} s`;

  const json = parseJson(input.body);
  const bodyError = json.ok ? errorInBody(json.value) : null;

  if (status === 429) {
    const said = bodyError ? `: ${bodyError.message}` : '';
    return fail('throttled', `${statusWhat(429, null)} (HTTP 429${said}${waitNote})`);
  }
  if (bodyError) {
    if (bodyError.code !== undefined) {
      const meaning = V1_CODES[bodyError.code];
      const what = meaning ? meaning.what(input.credentialKind) : 'RunSignup returned an error';
      return fail(
        meaning?.kind ?? kindOfV1Code(bodyError.code),
        `${what} (error ${bodyError.code}: ${bodyError.message}${waitNote})`,
        bodyError.code,
      );
    }
    if (bodyError.oauth && OAUTH_NEEDS_USER.has(bodyError.oauth)) {
      return fail(
        'needs-user',
        `RunSignup rejected the ${credentialNoun(input.credentialKind)} (HTTP ${status}: ${bodyError.message})`,
      );
    }
    const kind = status >= 300 ? kindOfStatus(status) : 'permanent';
    const what =
      status >= 300 ? statusWhat(status, input.credentialKind) : 'RunSignup returned an error';
    return fail(kind, `${what} (HTTP ${status}: ${bodyError.message}${waitNote})`);
  }
  if (status < 200 || status >= 300) {
    const page = looksLikeHtml(input.body) ? ', a web page instead of data' : '';
    return fail(
      kindOfStatus(status),
      `${statusWhat(status, input.credentialKind)} (HTTP ${status}${page}${waitNote})`,
    );
  }
  if (!json.ok) {
    if (looksLikeHtml(input.body)) {
      return fail(
        'transient',
        `RunSignup answered with a web page instead of data (HTTP ${status}; a captive portal or maintenance page?)`,
      );
    }
    const what =
      input.body.trim() === '' ? 'an empty answer' : 'an answer that is cut off or not JSON';
    return fail('malformed', `RunSignup sent ${what} to ${endpoint}`, undefined, true);
  }
  return { ok: true, json: json.value };
}

/** A zod failure on an answer → malformed, naming the first few offending fields. */
export function shapeError(error: z.ZodError, endpoint: string, status: number): ApiError {
  const where = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
  return new ApiError(
    'malformed',
    `RunSignup's answer to ${endpoint} has an unexpected shape (${where})`,
    {
      status,
      endpoint,
    },
  );
}

/**
 * A request that got no complete answer: refused, reset (before or during the body), DNS,
 * timeout. Always transient and `network: true` (the connectivity monitor goes offline).
 */
export function networkError(
  cause: unknown,
  ctx: {
    endpoint: string;
    timedOut: boolean;
    timeoutMs: number;
    status?: number;
    redact?: (s: string) => string;
  },
): ApiError {
  const redact = ctx.redact ?? redactText;
  const code = errorCode(cause);
  let message: string;
  if (ctx.timedOut)
    message = `RunSignup did not answer within ${formatSeconds(ctx.timeoutMs)} (timeout)`;
  else if (code === 'ECONNREFUSED') message = 'Could not connect to RunSignup (connection refused)';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    message = 'Could not find the RunSignup server (DNS lookup failed: is the internet connected?)';
  else if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH')
    message = 'Could not reach RunSignup (no route to the network)';
  else if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    isTerminated(cause)
  )
    message = 'The connection to RunSignup was cut (connection reset)';
  else message = `Could not reach RunSignup (${describeCause(cause)})`;
  return new ApiError('transient', redact(message), {
    endpoint: ctx.endpoint,
    network: true,
    ...(ctx.status === undefined ? {} : { status: ctx.status }),
  });
}

// ---------------------------------------------------------------- internals

interface BodyError {
  code?: number;
  message: string;
  oauth?: string;
}

/** Finds an error in a parsed body: the v1 shape, or the v2 / OAuth shape. */
export function errorInBody(value: unknown): BodyError | null {
  const v1 = v1ErrorSchema.safeParse(value);
  if (v1.success) {
    return { code: v1.data.error.error_code, message: v1.data.error.error_msg || 'no message' };
  }
  const v2 = v2ErrorSchema.safeParse(value);
  if (v2.success) {
    const { error, error_description, details } = v2.data;
    const isOAuthName = /^[a-z_]+$/.test(error);
    const text = error_description ? `${error}: ${error_description}` : error;
    const extra = describeDetails(details);
    return {
      message: extra ? `${text}; ${extra}` : text,
      ...(isOAuthName ? { oauth: error } : {}),
    };
  }
  return null;
}

function describeDetails(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const entries = Object.entries(details as Record<string, unknown>).slice(0, 3);
  return entries
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ')
    .slice(0, 200);
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

function looksLikeHtml(body: string): boolean {
  return /^\s*</.test(body) && /<(!doctype|html|head|body|title|center|h1)\b/i.test(body);
}

function errorCode(cause: unknown): string | undefined {
  for (let e: unknown = cause, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTerminated(cause: unknown): boolean {
  return (
    cause instanceof Error && /terminated|other side closed|socket hang up/i.test(cause.message)
  );
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
