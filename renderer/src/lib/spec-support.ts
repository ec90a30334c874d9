import type { ApiFailureKind } from '../../../preload/api';
import { failureError } from '../../../preload/failure';
import { newResultsKept, type ResultsKept } from './results-kept.svelte';

// For the `*.svelte.spec.ts` beside the state classes only (nothing shipped imports this).

/** What a request answers when main refuses it: the error the preload hands the renderer. */
export function refuse(kind: ApiFailureKind, message: string): Promise<never> {
  return Promise.reject(failureError({ kind, message }));
}

/** What the Results screen keeps across visits, fresh for one test. */
export function keptForTest(over: Partial<ResultsKept> = {}): ResultsKept {
  return { ...newResultsKept(), ...over };
}
