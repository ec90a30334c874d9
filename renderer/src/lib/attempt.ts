import type { ApiFailure } from '../../../preload/api';
import { failureOf } from '../../../preload/failure';

export type Attempted<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** Runs a request and answers with its value or its failure (kind and message), never a throw. */
export async function attempt<T>(request: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await request() };
  } catch (e) {
    return { ok: false, failure: failureOf(e) };
  }
}
