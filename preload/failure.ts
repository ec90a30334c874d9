import type { ApiFailure, Envelope } from './api';

/**
 * A failed request crosses Electron's contextBridge (and the web host's shim) as an Error,
 * and only an Error's message survives that crossing. So the kind travels inside the message,
 * encoded here and decoded by the renderer with `failureOf`.
 */
export const FAILURE_PREFIX = 'kiosk-failure:';
const PREFIX = FAILURE_PREFIX;

export function failureError(failure: ApiFailure): Error {
  return new Error(PREFIX + JSON.stringify(failure));
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw failureError(envelope.error);
}

/** What went wrong, from anything a request threw. */
export function failureOf(e: unknown): ApiFailure {
  const message = e instanceof Error ? e.message : String(e);
  const at = message.indexOf(PREFIX);
  if (at >= 0) {
    try {
      const parsed = JSON.parse(message.slice(at + PREFIX.length)) as ApiFailure;
      if (typeof parsed.kind === 'string' && typeof parsed.message === 'string') return parsed;
    } catch {
      // fall through
    }
  }
  return { kind: 'internal', message };
}
