import type { ApiFailure, ApiFailureKind } from '../preload/api';
import { isApiError } from './runsignup/errors';

/** An error main reports to the renderer with a kind it can branch on. */
export class KioskError extends Error {
  override readonly name = 'KioskError';
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Any thrown value → what the renderer is told. Unknown errors say so without leaking internals. */
export function toFailure(e: unknown): ApiFailure {
  if (e instanceof KioskError) return { kind: e.kind, message: e.message };
  if (isApiError(e)) return { kind: e.kind, message: e.message };
  return { kind: 'internal', message: 'Something went wrong inside the app; it has been logged.' };
}
