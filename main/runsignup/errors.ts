/**
 * Typed RunSignup failures. Callers branch on `kind`, never on message text
 * (docs/ARCHITECTURE.md "Conventions", docs/RUNSIGNUP.md §5).
 *
 * - transient: network trouble, 5xx, timeouts, v1 codes 4, 5, 12 → retry with backoff
 * - throttled: v1 code 14, HTTP 429 → back off longer (honour retryAfterMs)
 * - needs-user: bad key or token, permission denied, login required → stop, keep everything, tell the user
 * - permanent: bad data, unknown race or event → do not retry this request as it is
 * - malformed: a response whose shape we do not recognise (HTML, truncated JSON, wrong types)
 */
export type ApiErrorKind = 'transient' | 'throttled' | 'needs-user' | 'permanent' | 'malformed';

/** One refused row of a batch (user-results). */
export interface RowError {
  /** Position in the rows sent (0-based). */
  index: number;
  registrationId?: number;
  code?: number;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      /** RunSignup's v1 error_code, when there was one. */
      code?: number;
      /** HTTP status, when a response arrived. */
      status?: number;
      /** How long the server asked us to wait. */
      retryAfterMs?: number;
      /** The endpoint path (no query string, so no secrets). */
      endpoint?: string;
      /** No complete answer arrived (refused, reset, timeout, DNS): the connection failed. */
      network?: boolean;
      /** Rows of a result post RunSignup refused one by one (index into the rows sent). */
      rowErrors?: RowError[];
    } = {},
  ) {
    super(message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
